using System.Net;
using System.Net.Sockets;
using PropertyFunctions.LocalHost;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

/// <summary>GET /api/health, the availability test's probe: anonymous, so it says what works and nothing more.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Health_reports_tables_queues_and_the_sms_provider_and_nothing_secret()
    {
        await using var aliyun = await FakeAliyunSmsServer.StartAsync();
        var settings = aliyun.Settings("阳光物业", "health-callback-secret-0123456789abcdef0123456789");
        foreach (var key in PropertyFunctions.Core.Messaging.SmsCatalogue.Keys)
        {
            settings[$"Sms:Aliyun:Templates:{key}"] = "SMS_100001";
        }
        await using var desk = await TestDesk.StartAsync(settings);

        using var response = await desk.Client.GetAsync("/api/health");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("""{"status":"ok","storage":{"tables":"ok","queues":"ok"},"sms":{"provider":"aliyun","sends":true,"international":false}}""", body);
        // Not the endpoint, the AccessKey, the signature, the callback secret or a template code: only the provider's name.
        Assert.All(settings.Where(s => s.Key != "Sms:Provider"), setting => Assert.DoesNotContain(setting.Value!, body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_answers_503_naming_no_cause_when_storage_does_not_answer()
    {
        // Storage on a loopback port where nothing listens: every request is refused.
        var port = FreePort();
        var storage = $"DefaultEndpointsProtocol=http;AccountName={Azurite.AccountName};AccountKey={Azurite.AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{port}/{Azurite.AccountName};QueueEndpoint=http://127.0.0.1:{port}/{Azurite.AccountName};" +
            $"TableEndpoint=http://127.0.0.1:{port}/{Azurite.AccountName};";
        await using var desk = await TestDesk.StartAsync(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = storage });

        using var response = await desk.Client.GetAsync("/api/health");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("""{"status":"unavailable","storage":{"tables":"unreachable","queues":"unreachable"},"sms":{"provider":"log","sends":false,"international":false}}""", body);
        Assert.DoesNotContain(port.ToString(System.Globalization.CultureInfo.InvariantCulture), body, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
