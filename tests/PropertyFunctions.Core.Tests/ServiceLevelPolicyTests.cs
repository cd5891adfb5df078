using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Tests;

public class ServiceLevelPolicyTests
{
    private static readonly OfficeHours Hours = OfficeHours.Default(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
    private static readonly ServiceLevelPolicy Policy = new(new ServiceLevels(), Hours);
    private static DateTimeOffset Local(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(8));

    private static Ticket Dispatched(DateTimeOffset at, bool emergency = false) => new()
    {
        Id = "261128-K7QF",
        Community = "c",
        Kind = TicketKinds.Repair,
        Emergency = emergency,
        Address = new UnitAddress("3", null, "501"),
        Name = "王",
        Phone = "+8613800138000",
        Description = "x",
        Language = Language.Chinese,
        Status = TicketStatuses.Dispatched,
        CreatedAt = at,
        UpdatedAt = at,
        DispatchedAt = at,
        HistoryCount = 2,
    };

    [Fact]
    public void An_emergency_nobody_accepts_pages_at_5_and_10_minutes_then_every_10_until_someone_does()
    {
        var t = Dispatched(Local(28, 2), emergency: true);
        Assert.Equal(ServiceLevelStep.None, Policy.NextStep(t, Local(28, 2, 4)));
        Assert.Equal(ServiceLevelStep.PageEmergency, Policy.NextStep(t, Local(28, 2, 5)));
        Assert.Equal(ServiceLevelStep.None, Policy.NextStep(t with { EmergencyPages = 1 }, Local(28, 2, 9)));
        Assert.Equal(ServiceLevelStep.PageEmergency, Policy.NextStep(t with { EmergencyPages = 1 }, Local(28, 2, 10)));
        Assert.Equal(ServiceLevelStep.None, Policy.NextStep(t with { EmergencyPages = 2 }, Local(28, 2, 15)));
        Assert.Equal(ServiceLevelStep.PageEmergency, Policy.NextStep(t with { EmergencyPages = 2 }, Local(28, 2, 20)));
        Assert.Equal(ServiceLevelStep.PageEmergency, Policy.NextStep(t with { EmergencyPages = 5 }, Local(28, 2, 50)));
        Assert.Equal([5, 10, 20, 30, 40], Enumerable.Range(0, 5).Select(n => (int)Policy.NextPageDue(n).TotalMinutes));
        // Escalated by the owner before anyone accepted: still paging. Accepted, or cancelled: never again.
        Assert.Equal(ServiceLevelStep.PageEmergency, Policy.NextStep(t with { Status = TicketStatuses.Escalated, EmergencyPages = 3 }, Local(28, 3)));
        Assert.Equal(ServiceLevelStep.None, Policy.NextStep(t with { Status = TicketStatuses.Accepted, AcceptedAt = Local(28, 2, 7), EmergencyPages = 1 }, Local(28, 3)));
        Assert.Equal(ServiceLevelStep.None, Policy.NextStep(t with { Status = TicketStatuses.Cancelled, EmergencyPages = 1 }, Local(28, 3)));
    }

    [Fact]
    public void Being_on_site_counts_wall_time_for_an_emergency_and_office_time_for_ordinary_work()
    {
        Assert.False(Policy.OnSiteMissed(true, Local(28, 2), Local(28, 2, 29)));
        Assert.True(Policy.OnSiteMissed(true, Local(28, 2), Local(28, 2, 30)));
        Assert.False(Policy.OnSiteMissed(false, Local(28, 17), Local(29, 9, 59)));
        Assert.True(Policy.OnSiteMissed(false, Local(28, 17), Local(29, 10)));
    }

    [Fact]
    public void Ordinary_work_is_reminded_after_two_office_hours_and_escalated_after_four()
    {
        var t = Dispatched(Local(28, 16));
        // 16:00–18:00 is two office hours: the evening does not count.
        Assert.Equal(ServiceLevelStep.None, Policy.NextStep(t, Local(28, 17, 59)));
        Assert.Equal(ServiceLevelStep.RemindDepartment, Policy.NextStep(t, Local(28, 23)));
        var reminded = t with { AcceptAlert = 1 };
        Assert.Equal(ServiceLevelStep.None, Policy.NextStep(reminded, Local(29, 10, 59)));
        Assert.Equal(ServiceLevelStep.EscalateAccept, Policy.NextStep(reminded, Local(29, 11)));
    }

    [Fact]
    public void Open_past_three_days_escalates_once()
    {
        var accepted = Dispatched(Local(20, 10)) with { Status = TicketStatuses.InProgress, AcceptedAt = Local(20, 10, 30) };
        Assert.Equal(ServiceLevelStep.None, Policy.NextStep(accepted, Local(23, 9)));
        Assert.Equal(ServiceLevelStep.EscalateResolve, Policy.NextStep(accepted, Local(23, 10)));
        Assert.Equal(ServiceLevelStep.None, Policy.NextStep(accepted with { ResolveAlerted = true }, Local(25, 10)));
    }

    [Fact]
    public void A_resolved_ticket_gets_one_daytime_callback_then_closes_after_seven_days()
    {
        var resolved = Dispatched(Local(20, 10)) with { Status = TicketStatuses.Resolved, ResolvedAt = Local(20, 15) };
        Assert.Equal(ServiceLevelStep.None, Policy.NextStep(resolved, Local(21, 14)));
        Assert.Equal(ServiceLevelStep.None, Policy.NextStep(resolved, Local(21, 22))); // not at night
        Assert.Equal(ServiceLevelStep.SendCallback, Policy.NextStep(resolved, Local(22, 10)));
        var called = resolved with { CallbackSentAt = Local(22, 10) };
        Assert.Equal(ServiceLevelStep.None, Policy.NextStep(called, Local(23, 10)));
        Assert.Equal(ServiceLevelStep.AutoClose, Policy.NextStep(called, Local(27, 15)));
    }

    [Fact]
    public void A_miss_is_judged_on_the_clock_the_watch_uses()
    {
        // Emergencies: five minutes of wall time, day or night.
        Assert.False(Policy.AcceptMissed(true, Local(28, 2), Local(28, 2, 4)));
        Assert.True(Policy.AcceptMissed(true, Local(28, 2), Local(28, 2, 5)));
        // Ordinary work: two office hours, so a night's wait is no miss but the next morning's is.
        Assert.False(Policy.AcceptMissed(false, Local(28, 17), Local(29, 9, 59)));
        Assert.True(Policy.AcceptMissed(false, Local(28, 17), Local(29, 10)));
        Assert.Equal(TimeSpan.FromHours(1), Policy.AcceptWaited(false, Local(28, 17), Local(29, 9)));
        // Resolution: three days from creation, wall clock.
        Assert.False(Policy.ResolveMissed(Local(20, 10), Local(23, 9, 59)));
        Assert.True(Policy.ResolveMissed(Local(20, 10), Local(23, 10)));
    }

    [Fact]
    public void Office_time_skips_nights_and_holidays()
    {
        Assert.Equal(TimeSpan.FromHours(3), Hours.OpenTimeBetween(Local(28, 16), Local(29, 10)));
        var holiday = Hours with { Holidays = new HashSet<DateOnly> { new(2026, 11, 29) } };
        Assert.Equal(TimeSpan.FromHours(3), holiday.OpenTimeBetween(Local(28, 16), Local(30, 10)));
    }
}
