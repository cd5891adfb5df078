using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Tests;

public class RedactionTests
{
    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0")]
    [InlineData("::ffff:203.0.113.77", "203.0.113.0")]
    [InlineData("[2001:db8:1:2:3:4:5:6]", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::/64", "2001:db8:1:2::/64")]
    [InlineData("unknown", "unknown")]
    [InlineData("not an address", "unknown")]
    [InlineData("", "unknown")]
    public void Client_addresses_are_cut_to_their_network(string address, string logged) =>
        Assert.Equal(logged, Redaction.Address(address));

    [Fact]
    public void A_provider_error_keeps_its_code_and_loses_phones_links_and_keys()
    {
        var logged = Redaction.ProviderError("isv.MOBILE_NUMBER_ILLEGAL",
            "Specified mobile 13800138000 illegal; text 您的报修 https://desk.example.cn/t/AbCdEf1234 signed LTAI5tABCDEF1234567890 " + new string('x', 300));

        Assert.StartsWith("[isv.MOBILE_NUMBER_ILLEGAL] Specified mobile 13*****8000 illegal", logged);
        Assert.DoesNotContain("13800138000", logged);
        Assert.DoesNotContain("AbCdEf1234", logged);
        Assert.DoesNotContain("LTAI5tABCDEF1234567890", logged);
        Assert.True(logged.Length <= Redaction.MaxErrorLength + 40, logged);
    }
}
