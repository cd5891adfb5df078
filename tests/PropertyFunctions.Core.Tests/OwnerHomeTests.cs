using System.Globalization;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Fees;
using PropertyFunctions.Core.Home;
using PropertyFunctions.Core.Imports;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Residents;

namespace PropertyFunctions.Core.Tests;

/// <summary>The owner's home, the pure parts: fee make-up, promises, the schedule and area columns, session cookies and code hashes.</summary>
public class OwnerHomeTests
{
    private static IReadOnlyList<ImportRow> Csv(string text) => ImportReader.Read(System.Text.Encoding.UTF8.GetBytes(text), isCsv: true);

    private static FeeEntry Fee(string type, string period, decimal amount, decimal? rate, string due = "2026-12-03") =>
        new("sunshine-garden", new UnitAddress("1", "1", "101"), type, period, amount, DateOnly.Parse(due, CultureInfo.InvariantCulture), 0m) { Rate = rate };

    [Theory]
    [InlineData("2026-11", 1)]
    [InlineData("2026Q4", 3)]
    [InlineData("2026", 12)]
    public void A_period_covers_one_three_or_twelve_months(string period, int months) => Assert.Equal(months, FeePeriod.Months(period));

    [Fact]
    public void The_property_fee_is_rate_times_area_times_months_and_a_difference_is_an_adjustment()
    {
        var exact = FeeMakeUp.For(Fee(FeeTypes.Property, "2026Q4", 671.25m, 2.50m), 89.50m, "B1-023")!;
        Assert.Equal(("area", 2.50m, 89.50m, 3, 671.25m, 0m, (string?)null), (exact.Basis, exact.Rate, exact.Quantity, exact.Months, exact.Computed, exact.Adjustment, exact.Space));
        var withArrears = FeeMakeUp.For(Fee(FeeTypes.Property, "2026-11", 250m, 2.35m), 100.33m, null)!;
        Assert.Equal((235.78m, 14.22m), (withArrears.Computed, withArrears.Adjustment));
        Assert.Null(FeeMakeUp.For(Fee(FeeTypes.Property, "2026-11", 250m, null), 100m, null));
        Assert.Null(FeeMakeUp.For(Fee(FeeTypes.Property, "2026-11", 250m, 2.5m), null, null));
    }

    [Fact]
    public void Parking_is_the_rate_per_space_times_months_whatever_the_area()
    {
        var parking = FeeMakeUp.For(Fee(FeeTypes.Parking, "2026", 3600m, 300m), null, "B1-023")!;
        Assert.Equal(("space", 1m, 12, 3600m, 0m, "B1-023"), (parking.Basis, parking.Quantity, parking.Months, parking.Computed, parking.Adjustment, parking.Space));
    }

    [Fact]
    public void A_promise_pauses_reminders_until_the_day_after_the_promised_date()
    {
        var policy = new FeeReminderPolicy([-3, 7, 30], TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var fee = Fee(FeeTypes.Parking, "2026-11", 300m, null) with { PromisedBy = new DateOnly(2026, 12, 15) };
        Assert.Null(policy.DueStage(fee, new DateOnly(2026, 12, 10)));
        Assert.Null(policy.DueStage(fee, new DateOnly(2026, 12, 15)));
        Assert.Equal("overdue7", policy.DueStage(fee, new DateOnly(2026, 12, 16))!.Stage);
    }

    [Fact]
    public void The_fee_import_takes_the_schedule_rate_and_the_records_import_the_area_and_space()
    {
        var fees = FeeImport.Validate(Csv("community,building,unit,room,feeType,period,amount,dueDate,rate\n"
            + "sunshine-garden,1,1,101,property,2026Q4,671.25,2026-12-31,2.50\nsunshine-garden,1,1,102,property,2026Q4,600,2026-12-31,\n"
            + "sunshine-garden,1,1,103,property,2026Q4,600,2026-12-31,2.555\nsunshine-garden,1,1,104,property,2026Q4,600,2026-12-31,0\n"));
        Assert.Equal([2.50m, null], fees.Accepted.Select(f => f.Rate));
        Assert.Equal([3, 4], fees.Rejected.Select(r => r.Row)); // data rows count from 1
        Assert.All(fees.Rejected, r => Assert.Contains(r.Errors, e => e.Field == "rate" && e.Code == "rate_format"));

        var owners = OwnerImport.Validate(Csv("community,building,unit,room,name,phone,area,parkingSpace\n"
            + "sunshine-garden,1,1,101,王女士,13800000101,89.50,B1-023\nsunshine-garden,1,1,102,李先生,13800000102,,\n"
            + "sunshine-garden,1,1,103,赵先生,13800000103,89.505,\nsunshine-garden,1,1,104,钱女士,13800000104,-1,\n"
            + "sunshine-garden,1,1,105,孙先生,13800000105,90,B1|023\n"));
        Assert.Equal([(89.50m, "B1-023"), (null, null)], owners.Accepted.Select(r => (r.Area, r.ParkingSpace)));
        Assert.Equal([("area", "area_format"), ("area", "area_format"), ("parkingSpace", "unit_chars")],
            owners.Rejected.SelectMany(r => r.Errors).Select(e => (e.Field, e.Code)));
    }

    [Fact]
    public void A_session_cookie_is_refused_when_altered_and_a_code_hash_fits_only_its_phone()
    {
        var tokens = new OwnerSessionTokens(new byte[32]);
        var other = new OwnerSessionTokens(Enumerable.Repeat((byte)1, 32).ToArray());
        var id = OwnerSessionTokens.NewSessionId();
        var cookie = tokens.Cookie(id);
        Assert.Equal(id, tokens.SessionId(cookie));
        Assert.Null(other.SessionId(cookie));
        Assert.Null(tokens.SessionId(cookie[..^1] + (cookie[^1] == 'A' ? 'B' : 'A')));
        Assert.Null(tokens.SessionId(OwnerSessionTokens.NewSessionId() + cookie[cookie.IndexOf('.', StringComparison.Ordinal)..]));
        Assert.Null(tokens.SessionId(id));
        Assert.Null(tokens.SessionId(""));

        var code = tokens.CodeFor("request-1");
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Equal(code, tokens.CodeFor("request-1"));
        var hash = tokens.HashCode("sunshine-garden", "+8613800000101", code);
        Assert.DoesNotContain(code, hash, StringComparison.Ordinal);
        Assert.True(tokens.CodeMatches("sunshine-garden", "+8613800000101", code, hash));
        Assert.False(tokens.CodeMatches("sunshine-garden", "+8613800000102", code, hash));
        Assert.False(tokens.CodeMatches("quiet-garden", "+8613800000101", code, hash));
    }

    [Fact]
    public void Fee_reminders_notices_and_event_reminders_are_topics_but_the_owners_own_sms_are_not()
    {
        Assert.Equal(SmsTopics.Fees, SmsTopics.Of(SmsCatalogue.FeeOverdue.Key));
        Assert.Equal(SmsTopics.Notices, SmsTopics.Of(SmsCatalogue.NoticeOutage.Key));
        Assert.Equal(SmsTopics.Events, SmsTopics.Of(SmsCatalogue.EventReminder.Key));
        Assert.Null(SmsTopics.Of(SmsCatalogue.OwnerCode.Key));
        Assert.Null(SmsTopics.Of(SmsCatalogue.AckOpen.Key));
        Assert.True(SmsCatalogue.OwnerCode.OptOutExempt);
        Assert.Equal(SmsTemplateTypes.Verification, SmsCatalogue.OwnerCode.Type);
    }

    [Fact]
    public void The_session_key_is_derived_from_the_token_key_unless_set_and_a_bad_one_stops_the_start()
    {
        var desk = new DeskOptions { TokenKey = Convert.ToBase64String(new byte[32]) };
        Assert.Equal(32, desk.OwnerSessionKeyBytes().Length);
        Assert.NotEqual(desk.TokenKeyBytes(), desk.OwnerSessionKeyBytes());
        Assert.DoesNotContain(desk.Problems(), p => p.Contains("OwnerSessions", StringComparison.Ordinal));
        desk.OwnerSessions.Key = Convert.ToBase64String(new byte[16]);
        Assert.Contains(desk.Problems(), p => p.Contains("Desk__OwnerSessions__Key", StringComparison.Ordinal));
        desk.OwnerSessions.Key = Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray());
        Assert.Equal(Enumerable.Repeat((byte)7, 32), desk.OwnerSessionKeyBytes());
    }
}
