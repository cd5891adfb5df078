using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Privacy;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Tests;

public class PrivacyTests
{
    private static readonly DateTimeOffset Closed = new(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);

    private static Ticket ClosedTicket() => new()
    {
        Id = "261128-K7QF",
        Community = "sunshine-garden",
        Kind = TicketKinds.Repair,
        Category = "lighting",
        Emergency = false,
        Address = new UnitAddress("5", "1", "302"),
        Name = "李先生",
        Phone = "+8613800138000",
        Description = "5号楼门口的路灯坏了",
        PreferredTime = "下午",
        Language = Language.Chinese,
        OtherParty = new UnitAddress("5", "1", "402"),
        Status = TicketStatuses.Closed,
        Department = "engineering",
        CreatedAt = Closed.AddDays(-2),
        UpdatedAt = Closed,
        ClosedAt = Closed,
        AcceptedBy = "张师傅",
        AcceptedByPhone = "+8613900000001",
        Score = 4,
        Fixed = true,
        FeedbackComment = "谢谢张师傅",
        Watchers = [new Watcher("261128-AAAA", "+8613800138001", Language.Chinese)],
        Outcome = new MediationOutcome("owner", "楼上李先生修好水管", "赔偿200元"),
        Photos = [1, 2],
        WorkPhotos = [1],
        HistoryCount = 6,
    };

    [Fact]
    public void An_anonymised_ticket_keeps_what_reports_count_and_nothing_about_the_person()
    {
        var at = Closed.AddYears(3).AddDays(1);

        var t = TicketAnonymiser.Anonymise(ClosedTicket(), at);

        Assert.Equal(("261128-K7QF", "sunshine-garden", "5", TicketKinds.Repair, "lighting", "engineering", TicketStatuses.Closed),
            (t.Id, t.Community, t.Address.Building, t.Kind, t.Category, t.Department, t.Status));
        Assert.Equal((4, true, Closed, Closed.AddDays(-2), "张师傅"), (t.Score!.Value, t.Fixed!.Value, t.ClosedAt!.Value, t.CreatedAt, t.AcceptedBy));
        Assert.Equal(("", "", "", null, "", null, null), (t.Name, t.Phone, t.Description, t.Address.Unit, t.Address.Room, t.PreferredTime, t.OtherParty));
        Assert.Null(t.FeedbackComment);
        Assert.Empty(t.Watchers);
        Assert.Empty(t.Photos);
        Assert.Empty(t.WorkPhotos);
        Assert.Equal(("owner", "", null), (t.Outcome!.Responsibility, t.Outcome.Repair, t.Outcome.Compensation));
        Assert.False(t.NotifyOwner);
        Assert.Equal(at, t.AnonymisedAt);
    }

    [Fact]
    public void The_records_period_runs_from_closing_and_never_ends_for_an_open_ticket()
    {
        var cutoff = Closed.AddMinutes(1);
        Assert.True(TicketAnonymiser.RecordsPeriodOver(ClosedTicket(), cutoff));
        Assert.False(TicketAnonymiser.RecordsPeriodOver(ClosedTicket(), Closed)); // closed at the cut-off: not yet
        Assert.False(TicketAnonymiser.RecordsPeriodOver(ClosedTicket() with { Status = TicketStatuses.Reopened }, cutoff));
        Assert.False(TicketAnonymiser.RecordsPeriodOver(ClosedTicket() with { AnonymisedAt = Closed }, cutoff));
        Assert.True(TicketAnonymiser.RecordsPeriodOver(ClosedTicket() with { Status = TicketStatuses.Cancelled, ClosedAt = null }, cutoff));
    }

    [Fact]
    public void Retention_periods_have_floors_and_the_defaults_are_the_policy()
    {
        var defaults = new RetentionOptions();
        Assert.Equal((180, 2, 2, 3), (defaults.SmsLogDays, defaults.RateLimitDays, defaults.IdempotencyDays, defaults.RecordsYears));
        Assert.Empty(defaults.Problems());
        Assert.NotEmpty(new RetentionOptions { RateLimitDays = 0 }.Problems());
        Assert.NotEmpty(new RetentionOptions { SmsLogDays = 1 }.Problems());
        Assert.NotEmpty(new RetentionOptions { RecordsYears = 0 }.Problems());
        Assert.Contains(new DeskOptions { Retention = new RetentionOptions { IdempotencyDays = -1 } }.Problems(),
            p => p.Contains("Desk__Retention__", StringComparison.Ordinal));
    }

    [Fact]
    public void Privacy_requests_need_the_admin_role_company_wide()
    {
        Assert.True(new StaffAccess(new HashSet<string> { "admin" }).HasCompanyWide(StaffRoles.Admin));
        Assert.False(new StaffAccess(new HashSet<string> { "admin:sunshine-garden" }).HasCompanyWide(StaffRoles.Admin));
        Assert.False(new StaffAccess(new HashSet<string> { "supervisor" }).HasCompanyWide(StaffRoles.Admin));
    }

    [Fact]
    public void The_personal_hash_is_keyed_and_separates_purposes()
    {
        var a = new PersonalHash(new byte[32]);
        var b = new PersonalHash(Enumerable.Repeat((byte)1, 32).ToArray());

        Assert.Equal(a.Of("optout", "+8613800138000"), a.Of("optout", "+8613800138000"));
        Assert.NotEqual(a.Of("optout", "+8613800138000"), b.Of("optout", "+8613800138000"));
        Assert.NotEqual(a.Of("optout", "+8613800138000"), a.Of("audit", "+8613800138000"));
        Assert.Equal(32, a.Of("limit", "addr:203.0.113.7").Length);
        Assert.DoesNotContain("13800138000", a.Of("optout", "+8613800138000"), StringComparison.Ordinal);
    }
}
