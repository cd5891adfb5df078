using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Tests;

public class TicketIdTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public void Uses_the_local_date_and_four_readable_characters()
    {
        // 2026-11-27 20:30 UTC is already the 28th in Shanghai.
        var id = TicketId.New(new DateTimeOffset(2026, 11, 27, 20, 30, 0, TimeSpan.Zero), Shanghai);
        Assert.Matches("^261128-[0-9A-HJKMNP-TV-Z]{4}$", id);
    }

    [Fact]
    public void Ids_differ()
    {
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 200).Select(_ => TicketId.New(now, Shanghai)).ToHashSet();
        Assert.True(ids.Count > 190);
    }

    [Theory]
    [InlineData("261128-K7QF", "261128-K7QF")]
    [InlineData("261128k7qf", "261128-K7QF")]
    [InlineData(" 261128 K7QF ", "261128-K7QF")]
    [InlineData("261128-k7qo", "261128-K7Q0")] // O read as zero
    [InlineData("261128-LI00", "261128-1100")] // I and L read as one
    public void Reads_ids_the_way_people_type_them(string input, string expected)
    {
        Assert.True(TicketId.TryNormalize(input, out var id));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("261128-K7Q")]
    [InlineData("261128-K7QFF")]
    [InlineData("26112A-K7QF")]
    [InlineData("261128-K7QU")] // U is not in the alphabet
    [InlineData("../../etc")]
    public void Rejects_malformed_ids(string input) => Assert.False(TicketId.TryNormalize(input, out _));
}
