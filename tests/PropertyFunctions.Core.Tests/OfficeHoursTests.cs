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
