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

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSmsProvider(configuration).BuildServiceProvider();
    }
}
