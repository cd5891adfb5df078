using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Notices;

namespace PropertyFunctions.Core.Tests;

public class NoticeTemplateTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static Notice Water(string title, string body, params string[] buildings) => new()
    {
        Id = "N261128-K7QF", Community = "sunshine-garden", Type = NoticeTypes.Water, Title = title, Body = body, Buildings = buildings,
        StartsAt = new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero), ExpectedEndAt = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero),
        SendSms = true, Status = NoticeStatuses.Active, Version = 1, CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
        CreatedBy = "test",
    };

    private static string Render(Notice n, string language) =>
        SmsCatalogueTests.Composer.Render(NoticeSms.Compose(SmsCatalogueTests.Composer, n, 1, Shanghai, language));

    [Fact]
    public void A_long_notice_is_shortened_to_two_segments_keeping_kind_time_and_place()
    {
        var text = Render(Water("计划停水", string.Concat(Enumerable.Repeat("因市政管网改造，届时将暂停供水，请各位业主提前做好储水准备。", 6)),
            "3", "5", "6", "7", "8", "9", "10"), Language.Chinese);
        Assert.StartsWith("【阳光物业】停水通知：计划停水。12月1日09:00至12月1日17:00，3栋、5栋、6栋、7栋、8栋等7栋。", text);
        Assert.EndsWith("…", text);
        Assert.Equal(2, SmsSegments.Count(text).Segments);
    }

    [Fact]
    public void Braces_in_staff_text_are_kept_as_written() =>
        Assert.Contains("{3号楼}", Render(Water("{3号楼}停水", "请储水", "3"), Language.English));

    [Theory]
    [InlineData("2026-12-01 09:00", "2026-12-01T01:00:00+00:00")]
    [InlineData("2026-12-01T09:00", "2026-12-01T01:00:00+00:00")]
    [InlineData("2026-12-01T09:00:00+08:00", "2026-12-01T01:00:00+00:00")]
    [InlineData("2026-12-01T01:00:00Z", "2026-12-01T01:00:00+00:00")]
    public void Times_without_an_offset_are_read_in_the_desks_zone(string input, string utc)
    {
        Assert.True(DeskTimes.TryParse(input, Shanghai, out var value));
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("tomorrow")]
    [InlineData("2026-12-01")]
    [InlineData("12/01/2026 09:00")]
    public void Unreadable_times_are_refused(string input) => Assert.False(DeskTimes.TryParse(input, Shanghai, out _));
}
