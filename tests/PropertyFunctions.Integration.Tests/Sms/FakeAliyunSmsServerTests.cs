using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using PropertyFunctions.Azure.Sms;
using PropertyFunctions.LocalHost;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests.Sms;

/// <summary>
/// The loopback Aliyun is only worth its tests if it checks what the service checks: it accepts what Alibaba
/// Cloud's own SDK sends, and refuses a request whose signature does not cover what arrived.
/// </summary>
public sealed class FakeAliyunSmsServerTests : IAsyncLifetime
{
    private const string SignName = "阳光物业";
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private FakeAliyunSmsServer _aliyun = null!;

    public async Task InitializeAsync()
    {
        // The SDK signs with the machine's clock, so the fake keeps the real one here.
        _aliyun = await FakeAliyunSmsServer.StartAsync();
        _aliyun.ApproveSignName(SignName);
        _aliyun.ApproveTemplate("SMS_900002", "id", "desc");
    }

    public async Task DisposeAsync() => await _aliyun.DisposeAsync();

    [Fact]
    public async Task The_official_node_sdk_is_accepted_and_its_send_recorded_and_found()
    {
        var output = await RunOfficialClientAsync(_aliyun.AccessKeySecret, new() { ["id"] = "261128-K7QF", ["desc"] = "电梯困人 {0} ${x} (急!) *'~+" });

        Assert.Null(output["error"]);
        // The SDK's models name the fields in camel case.
        Assert.Equal("OK", output["send"]!["code"]!.GetValue<string>());
        var sms = Assert.Single(_aliyun.Sent);
        Assert.Equal(output["send"]!["bizId"]!.GetValue<string>(), sms.BizId);
        Assert.Equal(("13900000001", SignName, "SMS_900002", "261128-K7QF:ack_open.0a1b2c3d4e"), (sms.PhoneNumber, sms.SignName, sms.TemplateCode, sms.OutId));
        Assert.Equal("电梯困人 {0} ${x} (急!) *'~+", sms.Params["desc"]);
        // The SDK read the stand-in's QuerySendDetails answer into its own model.
        var found = Assert.Single(output["query"]!["smsSendDetailDTOs"]!["smsSendDetailDTO"]!.AsArray());
        Assert.Equal(("261128-K7QF:ack_open.0a1b2c3d4e", 1), (found!["outId"]!.GetValue<string>(), found["sendStatus"]!.GetValue<int>()));
        Assert.Equal([("SendSms", 200), ("QuerySendDetails", 200)], _aliyun.Requests.Select(r => (r.Action, r.Status)));
    }

    [Fact]
    public async Task The_official_node_sdk_with_a_wrong_secret_gets_the_services_signature_error()
    {
        var output = await RunOfficialClientAsync("not-the-secret", new() { ["id"] = "261128-K7QF", ["desc"] = "电梯困人" });

        Assert.Equal("SignatureDoesNotMatch", output["error"]!["code"]!.GetValue<string>());
        Assert.Equal(400, output["error"]!["statusCode"]!.GetValue<int>());
        Assert.Empty(_aliyun.Sent);
    }

    [Fact]
    public async Task A_tampered_query_header_or_body_fails_the_signature()
    {
        using var http = new HttpClient();

        using var query = Signed();
        query.RequestUri = new Uri(query.RequestUri!.ToString().Replace("SMS_900002", "SMS_900003", StringComparison.Ordinal));
        Assert.Equal(("SignatureDoesNotMatch", HttpStatusCode.BadRequest), await AnswerAsync(http, query));

        using var header = Signed();
        header.Headers.Remove("x-acs-action");
        header.Headers.Add("x-acs-action", "QuerySendDetails");
        Assert.Equal(("SignatureDoesNotMatch", HttpStatusCode.BadRequest), await AnswerAsync(http, header));

        using var body = Signed();
        body.Content = new StringContent("PhoneNumbers=13900000002");
        Assert.Equal(("SignatureDoesNotMatch", HttpStatusCode.BadRequest), await AnswerAsync(http, body));

        using var unsigned = Signed();
        unsigned.Headers.Add("x-acs-extra", "1");
        Assert.Equal(("IncompleteSignature", HttpStatusCode.BadRequest), await AnswerAsync(http, unsigned));

        Assert.Empty(_aliyun.Sent);
        using var honest = Signed();
        Assert.Equal(("OK", HttpStatusCode.OK), await AnswerAsync(http, honest));
        Assert.Single(_aliyun.Sent);
    }

    [Fact]
    public async Task A_wrong_key_a_stale_date_and_a_replayed_nonce_are_refused_as_the_service_does()
    {
        using var http = new HttpClient();

        using var wrongKey = Signed(accessKeyId: "LTAI00000000000000000000");
        Assert.Equal(("InvalidAccessKeyId.NotFound", HttpStatusCode.NotFound), await AnswerAsync(http, wrongKey));

        using var stale = Signed(at: DateTimeOffset.UtcNow.AddMinutes(-16));
        Assert.Equal(("InvalidTimeStamp.Expired", HttpStatusCode.BadRequest), await AnswerAsync(http, stale));

        using var first = Signed();
        using var replay = Signed();
        replay.RequestUri = first.RequestUri;
        foreach (var name in new[] { "x-acs-date", "x-acs-signature-nonce", "Authorization" })
        {
            replay.Headers.Remove(name);
            replay.Headers.TryAddWithoutValidation(name, first.Headers.GetValues(name));
        }
        Assert.Equal(("OK", HttpStatusCode.OK), await AnswerAsync(http, first));
        Assert.Equal(("SignatureNonceUsed", HttpStatusCode.BadRequest), await AnswerAsync(http, replay));
        Assert.Single(_aliyun.Sent);
    }

    [Theory]
    [InlineData("SMS_999999", """{"id":"1","desc":"x"}""", SignName, "isv.SMS_TEMPLATE_ILLEGAL")]
    [InlineData("SMS_900002", """{"id":"1","desc":2}""", SignName, "isv.INVALID_JSON_PARAM")]
    [InlineData("SMS_900002", """{"id":"1"}""", SignName, "isv.TEMPLATE_MISSING_PARAMETERS")]
    [InlineData("SMS_900002", """{"id":"1","desc":"x","link":"y"}""", SignName, "isv.INVALID_PARAMETERS")]
    [InlineData("SMS_900002", """{"id":"1","desc":"x"}""", "别家物业", "isv.SMS_SIGNATURE_ILLEGAL")]
    public async Task Templates_variables_and_signatures_are_checked(string templateCode, string templateParam, string signName, string code)
    {
        using var http = new HttpClient();
        using var request = Signed(templateCode: templateCode, templateParam: templateParam, signName: signName);

        Assert.Equal((code, HttpStatusCode.OK), await AnswerAsync(http, request));
        Assert.Empty(_aliyun.Sent);
    }

    private HttpRequestMessage Signed(string? accessKeyId = null, DateTimeOffset? at = null, string templateCode = "SMS_900002",
        string templateParam = """{"id":"261128-K7QF","desc":"电梯困人"}""", string signName = SignName) =>
        AliyunV3Signer.Request(_aliyun.Endpoint, "SendSms", FakeAliyunSmsServer.ApiVersion,
        [
            new("PhoneNumbers", "13900000001"),
            new("SignName", signName),
            new("TemplateCode", templateCode),
            new("TemplateParam", templateParam),
            new("OutId", "261128-K7QF:ack_open.0a1b2c3d4e"),
        ], accessKeyId ?? _aliyun.AccessKeyId, _aliyun.AccessKeySecret, at ?? DateTimeOffset.UtcNow);

    private static async Task<(string? Code, HttpStatusCode Status)> AnswerAsync(HttpClient http, HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return (body?["Code"]?.GetValue<string>(), response.StatusCode);
    }

    /// <summary>Runs tests/…/Sms/aliyun-official-client.js (the official SDK from node_modules) against the stand-in.</summary>
    private async Task<JsonNode> RunOfficialClientAsync(string accessKeySecret, Dictionary<string, string> variables)
    {
        var root = RepositoryPaths.Root();
        Assert.True(Directory.Exists(Path.Combine(root, "node_modules", "@alicloud", "dysmsapi20170525")),
            "The official Alibaba Cloud SMS SDK is missing from node_modules: run npm ci (package.json lists it).");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(root, "tests", "PropertyFunctions.Integration.Tests", "Sms", "aliyun-official-client.js"));
        start.Environment["ALIYUN_TEST_INPUT"] = JsonSerializer.Serialize(new
        {
            accessKeyId = _aliyun.AccessKeyId,
            accessKeySecret,
            endpoint = _aliyun.Endpoint.Authority,
            phoneNumber = "13900000001",
            signName = SignName,
            templateCode = "SMS_900002",
            variables,
            outId = "261128-K7QF:ack_open.0a1b2c3d4e",
            sendDate = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, China).ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        });
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node could not be started (Node.js is a prerequisite).");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, $"node exited with {node.ExitCode}: {await stderr}");
        return JsonNode.Parse(await stdout) ?? throw new InvalidOperationException("node printed nothing");
    }
}
