using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;

namespace PropertyFunctions.Core.Tests;

public class OfficeHoursTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static DateTimeOffset Local(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(8));

    [Theory]
    [InlineData(9, 0, true)]
    [InlineData(17, 59, true)]
    [InlineData(18, 0, false)]
    [InlineData(8, 59, false)]
    [InlineData(2, 0, false)]
    public void Open_from_nine_to_six_local(int hour, int minute, bool open) =>
        Assert.Equal(open, OfficeHours.Default(Shanghai).IsOpen(Local(28, hour, minute)));

    [Fact]
    public void Evening_work_waits_for_the_next_morning() =>
        Assert.Equal(Local(29, 9), OfficeHours.Default(Shanghai).NextOpening(Local(28, 20)));

    [Fact]
    public void Early_work_waits_for_the_same_morning() =>
        Assert.Equal(Local(28, 9), OfficeHours.Default(Shanghai).NextOpening(Local(28, 2)));

    [Fact]
    public void Holidays_are_skipped()
    {
        var hours = OfficeHours.Default(Shanghai) with { Holidays = new HashSet<DateOnly> { new(2026, 11, 29), new(2026, 11, 30) } };
        Assert.False(hours.IsOpen(Local(29, 10)));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8)), hours.NextOpening(Local(28, 20)));
    }

    [Fact]
    public void Utc_instants_are_read_in_the_community_zone() =>
        // 01:30 UTC is 09:30 in Shanghai.
        Assert.True(OfficeHours.Default(Shanghai).IsOpen(new DateTimeOffset(2026, 11, 28, 1, 30, 0, TimeSpan.Zero)));
}

/// <summary>Per-community settings: weekday hours, holidays and 调休 move the office-hours clock.</summary>
public class CommunitySettingsTests
{
    private static readonly DeskOptions Desk = new() { EmergencyPhone = "400-800-1234" };
    private static DateTimeOffset Local(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, TimeSpan.FromHours(8));

    private static Community Read(CommunityDocument doc)
    {
        var (community, errors) = CommunitySettings.Read("maple-court", doc, Desk);
        Assert.Empty(errors);
        return community!;
    }

    /// <summary>National Day 2026: 1–7 October off, Saturday 10 October worked (调休); the desk is closed on Sundays.</summary>
    private static readonly CommunityDocument NationalDay = new()
    {
        Name = new LocalTextDocument { Zh = "枫林苑", En = "Maple Court" },
        Hours = new Dictionary<string, string>
        {
            ["mon"] = "08:30-17:30", ["tue"] = "08:30-17:30", ["wed"] = "08:30-17:30", ["thu"] = "08:30-17:30", ["fri"] = "08:30-17:30",
            ["sat"] = "09:00-12:00", ["sun"] = "",
        },
        Holidays = ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"],
        WorkingDays = ["2026-10-10"],
        EmergencyPhone = "021-6000-0000",
    };

    [Fact]
    public void Weekday_hours_holidays_and_adjusted_working_days_move_the_clock()
    {
        var hours = Read(NationalDay).Hours;
        Assert.True(hours.IsOpen(Local(9, 30, 8)) is false && hours.IsOpen(Local(9, 30, 9)));    // Wednesday 08:30–17:30
        Assert.False(hours.IsOpen(Local(10, 1, 10)));                                            // a holiday
        Assert.False(hours.IsOpen(Local(10, 4, 10)));                                            // a Sunday: closed
        Assert.True(hours.IsOpen(Local(10, 10, 16)));                                            // Saturday 10 Oct worked, Monday's hours
        Assert.Equal(new DateTimeOffset(2026, 10, 3, 9, 0, 0, TimeSpan.FromHours(8)), hours.NextOpening(Local(9, 30, 20)));
        Assert.Equal(new DateTimeOffset(2026, 10, 8, 8, 30, 0, TimeSpan.FromHours(8)), hours.NextOpening(Local(10, 4, 12)));
        // Two office hours asked on the eve of the holiday: the clock stops over the days off.
        Assert.Equal(TimeSpan.FromHours(1), hours.OpenTimeBetween(Local(9, 30, 16) + TimeSpan.FromMinutes(30), Local(10, 3, 9)));
    }

    [Fact]
    public void What_is_written_reads_back_the_same()
    {
        var community = Read(NationalDay);
        var again = Read(CommunitySettings.Write(community));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(CommunitySettings.Write(community)),
            System.Text.Json.JsonSerializer.Serialize(CommunitySettings.Write(again)));
        Assert.Equal("021-6000-0000", again.EmergencyPhone);
    }

    [Fact]
    public void A_new_community_starts_from_the_documented_defaults()
    {
        var c = Community.Default("pine-court", Desk);
        Assert.True(c.Hours.IsOpen(Local(10, 4, 10)));
        Assert.Equal(["86"], c.CountryCodes);
        Assert.Equal("400-800-1234", c.EmergencyPhone);
        Assert.True(c.Accepts("+8613800138000"));
        Assert.False(c.Accepts("+15551234567"));
    }

    [Fact]
    public void Every_bad_field_is_named()
    {
        var (community, errors) = CommunitySettings.Read("maple-court", new CommunityDocument
        {
            Name = new LocalTextDocument(),
            Hours = new Dictionary<string, string> { ["mon"] = "18:00-09:00", ["funday"] = "09:00-10:00" },
            Holidays = ["2026-13-01"],
            EmergencyPhone = "call us",
            SmsSignature = "【阳光】",
            CountryCodes = ["+86", "abc"],
            SmsPerHour = 0,
            Contacts = [new ContactDocument { Role = "mayor", Name = new LocalTextDocument { Zh = "x" }, Phone = "12345" }],
        }, Desk);
        Assert.Null(community);
        Assert.Equal(
            ["contacts.0.role", "countryCodes", "emergencyPhone", "holidays", "hours.funday", "hours.mon", "name.zh-CN", "smsPerHour", "smsSignature"],
            errors.Select(e => e.Field).Distinct().Order(StringComparer.Ordinal));
    }
}
