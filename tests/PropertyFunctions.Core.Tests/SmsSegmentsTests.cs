using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Core.Tests;

public class SmsSegmentsTests
{
    [Fact]
    public void English_text_is_gsm7()
    {
        var count = SmsSegments.Count("Your repair 261128-K7QF is received. Track it: https://desk.example/t?id=261128-K7QF");
        Assert.Equal(new SmsSegmentCount(SmsEncoding.Gsm7, 84, 1), count);
    }

    [Fact]
    public void Chinese_text_is_ucs2_and_counts_code_units()
    {
        var text = "【阳光花园物业】您的报修261128-K7QF已受理，工程部师傅将在30分钟内联系您。";
        var count = SmsSegments.Count(text);
        Assert.Equal(SmsEncoding.Ucs2, count.Encoding);
        Assert.Equal(text.Length, count.Units);
        Assert.Equal(1, count.Segments);
    }

    [Theory]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    public void Gsm7_boundaries(int length, int segments)
    {
        var count = SmsSegments.Count(new string('a', length));
        Assert.Equal(new SmsSegmentCount(SmsEncoding.Gsm7, length, segments), count);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Ucs2_boundaries(int length, int segments)
    {
        var count = SmsSegments.Count(new string('报', length));
        Assert.Equal(new SmsSegmentCount(SmsEncoding.Ucs2, length, segments), count);
    }

    [Theory]
    [InlineData("€")]
    [InlineData("[")]
    [InlineData("]")]
    [InlineData("{")]
    [InlineData("}")]
    [InlineData("^")]
    [InlineData("~")]
    [InlineData("\\")]
    [InlineData("|")]
    public void Extension_characters_stay_gsm7_and_cost_two_septets(string c)
    {
        Assert.Equal(new SmsSegmentCount(SmsEncoding.Gsm7, 2, 1), SmsSegments.Count(c));
    }

    [Fact]
    public void Extension_characters_push_a_text_over_the_single_segment_limit()
    {
        Assert.Equal(new SmsSegmentCount(SmsEncoding.Gsm7, 160, 1), SmsSegments.Count(new string('a', 158) + "€"));
        Assert.Equal(new SmsSegmentCount(SmsEncoding.Gsm7, 161, 2), SmsSegments.Count(new string('a', 159) + "€"));
    }

    [Fact]
    public void An_escape_pair_is_not_split_across_parts()
    {
        // 152 septets then € (2 septets): it would straddle the 153-septet boundary, so it opens part two.
        var text = new string('a', 152) + "€" + new string('a', 152);
        Assert.Equal(new SmsSegmentCount(SmsEncoding.Gsm7, 306, 3), SmsSegments.Count(text));
    }

    [Fact]
    public void Gsm7_letters_outside_ascii_stay_gsm7()
    {
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.Count("Søren à Zürich: £5, ¥6, §7, ¿Qué? Ñoño, ΔΩ").Encoding);
    }

    [Theory]
    [InlineData("café ç")] // ç is not in GSM-7 (only Ç is)
    [InlineData("Ñandú")] // nor is ú (only ù)
    [InlineData("`backtick`")]
    [InlineData("“smart quotes”")]
    [InlineData("好")]
    public void One_character_outside_gsm7_makes_the_whole_text_ucs2(string text)
    {
        Assert.Equal(SmsEncoding.Ucs2, SmsSegments.Count(text).Encoding);
    }

    [Fact]
    public void Emoji_counts_two_code_units()
    {
        Assert.Equal(new SmsSegmentCount(SmsEncoding.Ucs2, 2, 1), SmsSegments.Count("😀"));
        Assert.Equal(new SmsSegmentCount(SmsEncoding.Ucs2, 70, 1), SmsSegments.Count(new string('a', 68) + "😀"));
        Assert.Equal(new SmsSegmentCount(SmsEncoding.Ucs2, 71, 2), SmsSegments.Count(new string('a', 69) + "😀"));
    }

    [Fact]
    public void A_surrogate_pair_is_not_split_across_parts()
    {
        // 66 units then an emoji (2 units) would straddle the 67-unit boundary, so it opens part two.
        var text = new string('好', 66) + "😀" + new string('好', 66);
        Assert.Equal(new SmsSegmentCount(SmsEncoding.Ucs2, 134, 3), SmsSegments.Count(text));
        // Without the seam the same 134 units fit in two parts.
        Assert.Equal(2, SmsSegments.Count(new string('好', 65) + "😀" + new string('好', 67)).Segments);
    }

    [Fact]
    public void Empty_text_costs_one_segment()
    {
        Assert.Equal(new SmsSegmentCount(SmsEncoding.Gsm7, 0, 1), SmsSegments.Count(""));
    }
}
