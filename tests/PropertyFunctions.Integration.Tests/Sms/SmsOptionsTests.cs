using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Azure.Sms;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Integration.Tests.Sms;

public class SmsOptionsTests
{
    private static readonly string Key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Without_settings_the_log_provider_is_used()
    {
        using var services = Build([]);
        Assert.IsType<LogSmsProvider>(services.GetRequiredService<ISmsProvider>());
    }

    [Fact]
    public void Acs_with_a_connection_string_uses_the_acs_provider()
    {
        using var services = Build(new() { ["Sms:Provider"] = "ACS", ["Sms:ConnectionString"] = $"endpoint=https://contoso.communication.azure.com/;accesskey={Key}", ["Sms:From"] = "+18005550100" });
        Assert.IsType<AcsSmsProvider>(services.GetRequiredService<ISmsProvider>());
    }

    [Fact]
    public void Acs_with_an_endpoint_uses_the_acs_provider_with_managed_identity()
    {
        using var services = Build(new()
        {
            ["Sms:Provider"] = "acs", ["Sms:Endpoint"] = "https://contoso.communication.azure.com", ["Sms:From"] = "PropDesk",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });
        Assert.IsType<AcsSmsProvider>(services.GetRequiredService<ISmsProvider>());
    }

    [Fact]
    public void Unknown_provider_fails_at_start_up()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["Sms:Provider"] = "twilio" }));
        Assert.Contains("Sms__Provider 'twilio' is not known", error.Message);
    }

    [Fact]
    public void Acs_without_settings_lists_every_problem_at_once()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["Sms:Provider"] = "acs" }));
        Assert.Contains("neither Sms__ConnectionString", error.Message);
        Assert.Contains("Sms__From must be set", error.Message);
    }

    [Theory]
    [InlineData("garbage", "must look like")]
    [InlineData("endpoint=https://contoso.communication.azure.com/", "must have both")]
    [InlineData("accesskey=AAAA", "must have both")]
    [InlineData("endpoint=https://contoso.communication.azure.com/;accesskey=not base64!", "not valid base64")]
    [InlineData("endpoint=contoso.communication.azure.com;accesskey=AAAA", "absolute https URL")]
    [InlineData("endpoint=http://contoso.communication.azure.com/;accesskey=AAAA", "must use https")]
    public void Invalid_connection_strings_are_refused_with_the_reason(string connectionString, string reason)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Build(new() { ["Sms:Provider"] = "acs", ["Sms:ConnectionString"] = connectionString, ["Sms:From"] = "+18005550100" }));
        Assert.Contains("Sms__ConnectionString", error.Message);
        Assert.Contains(reason, error.Message);
        Assert.DoesNotContain("AAAA", error.Message); // the key is never echoed
    }

    [Fact]
    public void Connection_string_keys_are_case_insensitive_and_the_key_keeps_its_padding()
    {
        Assert.True(AcsConnectionString.TryParse($"Endpoint=https://contoso.communication.azure.com;AccessKey={Key}", out var parsed, out _));
        Assert.Equal(new Uri("https://contoso.communication.azure.com/"), parsed.Endpoint);
        Assert.Equal(Convert.FromBase64String(Key), parsed.AccessKey);
    }

    [Fact]
    public void Both_connection_string_and_endpoint_is_ambiguous()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new()
        {
            ["Sms:Provider"] = "acs", ["Sms:ConnectionString"] = $"endpoint=https://a.communication.azure.com/;accesskey={Key}",
            ["Sms:Endpoint"] = "https://a.communication.azure.com/", ["Sms:From"] = "+18005550100",
        }));
        Assert.Contains("not both", error.Message);
    }

    [Theory]
    [InlineData("18005550100")]
    [InlineData("Property-Desk")]
    [InlineData("123456")]
    public void Invalid_sender_is_refused(string from)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Build(new() { ["Sms:Provider"] = "acs", ["Sms:Endpoint"] = "https://a.communication.azure.com/", ["Sms:From"] = from }));
        Assert.Contains($"Sms__From '{from}'", error.Message);
    }

    private static Dictionary<string, string?> Aliyun() => new()
    {
        ["Sms:Provider"] = "aliyun",
        ["Sms:Aliyun:AccessKeyId"] = "LTAI5tTestKeyId",
        ["Sms:Aliyun:AccessKeySecret"] = "test-secret",
        ["Sms:Aliyun:SignName"] = "阳光物业",
        ["Sms:Aliyun:CallbackSecret"] = new string('a', 40),
        ["Sms:Aliyun:Templates:ack_open"] = "SMS_900001",
        ["Sms:Aliyun:Templates:dispatch"] = "SMS_900002",
    };

    [Fact]
    public void Aliyun_sends_mainland_numbers_itself_and_others_through_acs_when_a_sender_is_set()
    {
        using var alone = Build(Aliyun(), ["ack_open", "dispatch"]);
        Assert.Equal("aliyun", Assert.IsType<RegionalSmsProvider>(alone.GetRequiredService<ISmsProvider>()).Name);

        // The infrastructure always sets the ACS endpoint; only a bought sender turns the international leg on.
        var withEndpoint = Aliyun();
        withEndpoint["Sms:Endpoint"] = "https://contoso.communication.azure.com";
        using var stillAlone = Build(withEndpoint, []);
        Assert.Equal("aliyun", stillAlone.GetRequiredService<ISmsProvider>().Name);

        withEndpoint["Sms:From"] = "+18005550100";
        using var both = Build(withEndpoint, []);
        Assert.Equal("aliyun+acs", both.GetRequiredService<ISmsProvider>().Name);
    }

    [Fact]
    public void Aliyun_names_every_catalogue_message_without_a_template_code()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(Aliyun(), ["ack_open", "dispatch", "fee_overdue", "notice_outage"]));

        Assert.Contains("Sms__Aliyun__Templates__fee_overdue", error.Message);
        Assert.Contains("Sms__Aliyun__Templates__notice_outage", error.Message);
        Assert.DoesNotContain("Sms__Aliyun__Templates__dispatch", error.Message);
    }

    [Fact]
    public void Aliyun_without_settings_lists_every_problem_at_once_and_never_echoes_a_secret()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new()
        {
            ["Sms:Provider"] = "aliyun", ["Sms:Aliyun:Endpoint"] = "http://dysmsapi.aliyuncs.com", ["Sms:Aliyun:AccessKeySecret"] = "top-secret-value",
            ["Sms:Aliyun:CallbackSecret"] = "short-secret", ["Sms:From"] = "+18005550100",
        }, ["ack_open"]));

        Assert.Contains("must use https", error.Message);
        Assert.Contains("Sms__Aliyun__AccessKeyId and Sms__Aliyun__AccessKeySecret", error.Message);
        Assert.Contains("Sms__Aliyun__SignName", error.Message);
        Assert.Contains("Sms__Aliyun__CallbackSecret must be a random string of at least 32", error.Message);
        Assert.Contains("Sms__Aliyun__Templates__ack_open", error.Message);
        Assert.Contains("neither Sms__ConnectionString", error.Message); // a sender for numbers outside +86, but no ACS resource
        Assert.DoesNotContain("top-secret-value", error.Message);
        Assert.DoesNotContain("short-secret", error.Message);
    }

    [Fact]
    public void Template_keys_match_whatever_the_casing_of_the_setting()
    {
        var settings = Aliyun();
        settings["Sms:Aliyun:Templates:FEE_OVERDUE"] = "SMS_900003";
        using var services = Build(settings, ["fee_overdue"]);
        Assert.Equal("SMS_900003", services.GetRequiredService<SmsOptions>().Aliyun.TemplateCode("fee_overdue"));
    }

    [Fact]
    public void Aliyun_accepts_a_loopback_http_endpoint_for_tests()
    {
        var settings = Aliyun();
        settings["Sms:Aliyun:Endpoint"] = "http://127.0.0.1:5123";
        using var services = Build(settings, []);
        Assert.IsType<RegionalSmsProvider>(services.GetRequiredService<ISmsProvider>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, IEnumerable<string>? templateKeys = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSmsProvider(configuration, templateKeys).BuildServiceProvider();
    }
}
