using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Tests;

public class PhoneNumberTests
{
    [Theory]
    [InlineData("13800138000", "+8613800138000")]
    [InlineData("+86 138 0013 8000", "+8613800138000")]
    [InlineData("138-0013-8000", "+8613800138000")]
    [InlineData("0086 13800138000", "+8613800138000")]
    [InlineData("8613800138000", "+8613800138000")]
    [InlineData("+1 (555) 123-4567", "+15551234567")]
    [InlineData("+44 7700 900123", "+447700900123")]
    public void Normalizes_to_E164(string input, string expected)
    {
        Assert.True(PhoneNumber.TryNormalize(input, out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("12800138000")] // no mainland mobile starts with 12
    [InlineData("1380013800")]
    [InlineData("+86 10 1234 5678")] // a landline is not reachable by SMS
    [InlineData("abc13800138000")]
    [InlineData("+0123456789")]
    public void Rejects_what_is_not_a_mobile(string input) => Assert.False(PhoneNumber.TryNormalize(input, out _));

    [Theory]
    [InlineData("+8613800138000", "+86*******8000")]
    [InlineData("+15551234567", "+1******4567")]
    [InlineData("", "")]
    public void Masks_all_but_country_code_and_last_four(string phone, string masked) => Assert.Equal(masked, PhoneNumber.Mask(phone));
}
