using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PropertyFunctions.Azure.Sms;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests.Sms;

/// <summary>The acs provider, built by the app's own registration, against the loopback ACS.</summary>
public sealed class AcsSmsProviderTests : IAsyncLifetime
{
    private const string From = "+18005550100";
    private const string To = "+15551234567";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));
    private FakeAcsSmsServer _acs = null!;
    private ServiceProvider _services = null!;
    private ISmsProvider _sms = null!;

    public async Task InitializeAsync()
    {
        _acs = await FakeAcsSmsServer.StartAsync(_time);
        (_services, _sms) = Provider(_acs.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _acs.DisposeAsync();
    }

    private (ServiceProvider, ISmsProvider) Provider(string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sms:Provider"] = "acs",
            ["Sms:ConnectionString"] = connectionString,
            ["Sms:From"] = From,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(_time).AddSmsProvider(configuration).BuildServiceProvider();
        return (services, services.GetRequiredService<ISmsProvider>());
    }

    private SmsRequest Request(string smsId = "261128-K7QF:dispatch:+15551234567", string message = "Repair 261128-K7QF: lift stuck at 5F, building 3. Reply JD 261128K7QF to accept.") =>
        new(smsId, To, message, "dispatch", new Dictionary<string, string>(), _time.GetUtcNow() - TimeSpan.FromMinutes(1), 1, "dispatch");

    [Fact]
    public async Task A_signed_send_is_accepted_and_delivered_once()
    {
        var result = await _sms.SendAsync(Request(), default);

        var sent = Assert.IsType<SmsSendResult.Sent>(result);
        var delivered = Assert.Single(_acs.Delivered);
        Assert.Equal(sent.ProviderMessageId, delivered.MessageId);
        Assert.Equal((From, To, "dispatch", true), (delivered.From, delivered.To, delivered.Tag, delivered.DeliveryReport));
        Assert.Equal(Request().Text, delivered.Message);
    }

    [Fact]
    public async Task The_body_has_the_documented_shape()
    {
        var request = Request(message: "【阳光花园】3栋2单元电梯困人，请立即到场。回复 JD 261128K7QF 接单");
        await _sms.SendAsync(request, default);

        var seen = Assert.Single(_acs.Requests);
        Assert.Equal("/sms?api-version=2021-03-07", seen.Target);
        Assert.StartsWith("application/json", seen.Headers["Content-Type"]);
        using var body = JsonDocument.Parse(seen.Body);
        var root = body.RootElement;
        Assert.Equal(["from", "smsRecipients", "message", "smsSendOptions"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(From, root.GetProperty("from").GetString());
        Assert.Equal(request.Text, root.GetProperty("message").GetString());
        var recipient = Assert.Single(root.GetProperty("smsRecipients").EnumerateArray());
        Assert.Equal(["to", "repeatabilityRequestId", "repeatabilityFirstSent"], recipient.EnumerateObject().Select(p => p.Name));
        Assert.Equal(To, recipient.GetProperty("to").GetString());
        Assert.Equal(AcsSmsProvider.RepeatabilityRequestId(request.SmsId).ToString(), recipient.GetProperty("repeatabilityRequestId").GetString());
        Assert.Equal("Sat, 28 Nov 2026 01:59:00 GMT", recipient.GetProperty("repeatabilityFirstSent").GetString());
        var options = root.GetProperty("smsSendOptions");
        Assert.True(options.GetProperty("enableDeliveryReport").GetBoolean());
        Assert.Equal("dispatch", options.GetProperty("tag").GetString());
        Assert.Equal(request.Text, Assert.Single(_acs.Delivered).Message);
    }

    [Fact]
    public void The_repeatability_id_is_a_uuid_fixed_by_the_sms_id()
    {
        var id = AcsSmsProvider.RepeatabilityRequestId("261128-K7QF:dispatch:+15551234567");
        Assert.Equal(id, AcsSmsProvider.RepeatabilityRequestId("261128-K7QF:dispatch:+15551234567"));
        Assert.NotEqual(id, AcsSmsProvider.RepeatabilityRequestId("261128-K7QF:dispatch:+15551234568"));
        Assert.Equal('8', id.ToString()[14]); // version 8 (name-based, SHA-256)
        Assert.Contains(id.ToString()[19], "89ab"); // RFC variant
    }

    [Fact]
    public async Task A_repeat_of_an_accepted_send_is_not_delivered_twice_and_is_not_a_failure()
    {
        var request = Request();
        var first = Assert.IsType<SmsSendResult.Sent>(await _sms.SendAsync(request, default));
        _time.Advance(TimeSpan.FromSeconds(30));
        var again = Assert.IsType<SmsSendResult.Sent>(await _sms.SendAsync(request, default));

        Assert.Equal(first.ProviderMessageId, again.ProviderMessageId);
        Assert.Single(_acs.Delivered);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_with_401_and_reported_as_rejected()
    {
        var wrongKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var (services, sms) = Provider($"endpoint={_acs.Endpoint};accesskey={wrongKey}");
        await using var _ = services;

        var rejected = Assert.IsType<SmsSendResult.Rejected>(await sms.SendAsync(Request(), default));

        Assert.Equal(401, rejected.StatusCode);
        Assert.Equal(("401", SmsErrorKinds.Account), (rejected.ErrorCode, rejected.ErrorKind));
        Assert.Contains("credentials", rejected.Reason);
        Assert.Contains("signature does not match", rejected.Reason);
        Assert.Empty(_acs.Delivered);
    }

    [Fact]
    public async Task Throttling_asks_to_retry_after_what_the_service_said()
    {
        _acs.FailNext(new FakeAcsFailure.Throttled(TimeSpan.FromSeconds(37)));

        var retry = Assert.IsType<SmsSendResult.RetryLater>(await _sms.SendAsync(Request(), default));

        Assert.Equal(TimeSpan.FromSeconds(37), retry.After);
        Assert.False(retry.MayHaveBeenSent);
        Assert.Equal(("429", SmsErrorKinds.Throttled), (retry.ErrorCode, retry.ErrorKind));
        Assert.Empty(_acs.Delivered);
    }

    [Fact]
    public async Task A_503_then_a_retry_of_the_same_sms_is_delivered_exactly_once()
    {
        _acs.FailNext(new FakeAcsFailure.Unavailable());
        var request = Request();

        Assert.False(Assert.IsType<SmsSendResult.RetryLater>(await _sms.SendAsync(request, default)).MayHaveBeenSent);
        _time.Advance(TimeSpan.FromSeconds(10)); // the queue's visibility timeout
        Assert.IsType<SmsSendResult.Sent>(await _sms.SendAsync(request, default));
        _time.Advance(TimeSpan.FromSeconds(10)); // and a redelivered queue message
        Assert.IsType<SmsSendResult.Sent>(await _sms.SendAsync(request, default));

        Assert.Single(_acs.Delivered);
        Assert.Equal([503, 202, 202], _acs.Requests.Select(r => r.Status));
        // Every attempt carried the same repeatability fields.
        Assert.Single(_acs.Requests.Select(r => r.BodyText).Distinct());
    }

    [Fact]
    public async Task A_recipient_refused_inside_the_202_is_rejected()
    {
        _acs.FailNext(new FakeAcsFailure.RecipientFailed(400, "Invalid To phone number format."));

        var rejected = Assert.IsType<SmsSendResult.Rejected>(await _sms.SendAsync(Request(), default));

        Assert.Equal(400, rejected.StatusCode);
        Assert.Contains("Invalid To phone number format.", rejected.Reason);
        Assert.Empty(_acs.Delivered);
    }

    [Fact]
    public async Task A_recipient_failing_transiently_inside_the_202_is_retried_and_then_delivered_once()
    {
        _acs.FailNext(new FakeAcsFailure.RecipientFailed(503, "Carrier unavailable"));
        var request = Request();

        var retry = Assert.IsType<SmsSendResult.RetryLater>(await _sms.SendAsync(request, default));
        Assert.Contains("Carrier unavailable", retry.Reason);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.IsType<SmsSendResult.Sent>(await _sms.SendAsync(request, default));

        Assert.Single(_acs.Delivered);
    }

    [Fact]
    public async Task The_same_sms_id_with_other_content_is_refused_not_sent_twice()
    {
        Assert.IsType<SmsSendResult.Sent>(await _sms.SendAsync(Request(), default));

        var rejected = Assert.IsType<SmsSendResult.Rejected>(await _sms.SendAsync(Request(message: "something else"), default));

        Assert.Equal(400, rejected.StatusCode);
        Assert.Single(_acs.Delivered);
    }

    [Fact]
    public async Task A_first_attempt_beyond_the_repeatability_window_is_not_resent()
    {
        var request = Request();
        _time.Advance(TimeSpan.FromMinutes(6));

        var rejected = Assert.IsType<SmsSendResult.Rejected>(await _sms.SendAsync(request, default));

        Assert.Equal(412, rejected.StatusCode);
        Assert.Contains("repeatability window", rejected.Reason);
        Assert.Empty(_acs.Delivered);
    }

    [Fact]
    public async Task A_number_the_service_refuses_is_rejected_with_its_reason()
    {
        var rejected = Assert.IsType<SmsSendResult.Rejected>(await _sms.SendAsync(Request() with { To = "15551234567" }, default));

        Assert.Equal(400, rejected.StatusCode);
        Assert.Contains("E.164", rejected.Reason);
    }

    [Fact]
    public async Task An_unreachable_service_is_retried_later()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now: the connection is refused at once
        var (services, sms) = Provider($"endpoint=http://127.0.0.1:{port}/;accesskey={_acs.AccessKey}");
        await using var _ = services;

        var retry = Assert.IsType<SmsSendResult.RetryLater>(await sms.SendAsync(Request(), default));

        Assert.Contains("unreachable", retry.Reason);
        Assert.False(retry.MayHaveBeenSent); // refused at connect: nothing reached the service
    }

    [Fact]
    public async Task A_tampered_body_fails_the_signature()
    {
        var signed = Encoding.UTF8.GetBytes(ValidBody("hello"));
        var sent = Encoding.UTF8.GetBytes(ValidBody("hello, and send money"));
        using var http = new HttpClient();

        // Signed for one body, sent with another (the content hash header left as signed).
        using var tampered = SignedPost(signed, sent);
        using var answer = await http.SendAsync(tampered);
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);

        // The content hash recomputed for the new body, the signature left as it was.
        using var rehashed = SignedPost(signed, sent);
        rehashed.Headers.Remove("x-ms-content-sha256");
        rehashed.Headers.Add("x-ms-content-sha256", AcsHmacSigner.ContentHash(sent));
        using var answer2 = await http.SendAsync(rehashed);
        Assert.Equal(HttpStatusCode.Unauthorized, answer2.StatusCode);

        // The same body signed properly is accepted.
        using var honest = SignedPost(sent, sent);
        using var answer3 = await http.SendAsync(honest);
        Assert.Equal(HttpStatusCode.Accepted, answer3.StatusCode);
        Assert.Equal("hello, and send money", Assert.Single(_acs.Delivered).Message);
    }

    [Fact]
    public async Task A_stale_date_or_a_missing_header_is_refused()
    {
        var body = Encoding.UTF8.GetBytes(ValidBody("hi"));
        using var http = new HttpClient();

        using var stale = SignedPost(body, body, _time.GetUtcNow() - TimeSpan.FromMinutes(16));
        using var answer = await http.SendAsync(stale);
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Contains("15 minutes", await ErrorMessageAsync(answer));

        using var unsigned = SignedPost(body, body);
        unsigned.Headers.Remove("Authorization");
        using var answer2 = await http.SendAsync(unsigned);
        Assert.Equal(HttpStatusCode.Unauthorized, answer2.StatusCode);
    }

    [Theory]
    [InlineData("""{"from":"+18005550100","smsRecipients":[{"to":"+15551234567","repeatabilityRequestId":"RID","repeatabilityFirstSent":"FS"}],"message":"hi","extra":1}""", "unknown field 'extra'")]
    [InlineData("""{"from":"+18005550100","smsRecipients":[],"message":"hi"}""", "1 to 100")]
    [InlineData("""{"from":"+18005550100","smsRecipients":[{"to":"+15551234567","repeatabilityRequestId":"RID","repeatabilityFirstSent":"FS"}]}""", "message is required")]
    [InlineData("""{"from":"+18005550100","smsRecipients":[{"to":"+15551234567","repeatabilityRequestId":"not-a-uuid","repeatabilityFirstSent":"FS"}],"message":"hi"}""", "UUID")]
    [InlineData("""{"from":"+18005550100","smsRecipients":[{"to":"+15551234567","repeatabilityRequestId":"RID","repeatabilityFirstSent":"2026-11-28T02:00:00Z"}],"message":"hi"}""", "RFC 1123")]
    [InlineData("""{"from":"+18005550100","smsRecipients":[{"to":"+15551234567","repeatabilityRequestId":"RID"}],"message":"hi"}""", "repeatabilityFirstSent is required")]
    [InlineData("""{"from":"+18005550100","smsRecipients":[{"to":"+15551234567","repeatabilityRequestId":"RID","repeatabilityFirstSent":"FS"}],"message":"hi","smsSendOptions":{"enableDeliveryReport":"yes"}}""", "must be a boolean")]
    [InlineData("""{"from":"+18005550100","smsRecipients":[{"to":"+15551234567","repeatabilityRequestId":"RID","repeatabilityFirstSent":"FS"}],"message":"hi","smsSendOptions":{"tag":"x"}}""", "enableDeliveryReport is required")]
    [InlineData("""[1,2]""", "not a JSON object")]
    public async Task A_malformed_body_is_refused_with_400(string template, string problem)
    {
        var body = Encoding.UTF8.GetBytes(template.Replace("RID", Guid.NewGuid().ToString()).Replace("FS", AcsHmacSigner.FormatDate(_time.GetUtcNow())));
        using var http = new HttpClient();
        using var request = SignedPost(body, body);
        using var answer = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains(problem, await ErrorMessageAsync(answer));
        Assert.Empty(_acs.Delivered);
    }

    [Fact]
    public async Task The_api_version_is_checked()
    {
        var body = Encoding.UTF8.GetBytes(ValidBody("hi"));
        using var http = new HttpClient();
        using var request = SignedPost(body, body, uri: new Uri(_acs.Endpoint, "sms?api-version=2020-01-01"));
        using var answer = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("api-version", await ErrorMessageAsync(answer));
    }

    [Fact]
    public async Task With_managed_identity_a_bearer_token_is_sent_and_reused()
    {
        var credential = new CountingCredential(_time);
        var clients = _services.GetRequiredService<IHttpClientFactory>();
        var sms = new AcsSmsProvider(clients, _acs.Endpoint, AcsAuthentication.Token(credential, _time), From, _time, NullLogger<AcsSmsProvider>.Instance);

        await sms.SendAsync(Request(), default);
        await sms.SendAsync(Request(), default);

        Assert.All(_acs.Requests, r => Assert.Equal("Bearer token-1", r.Headers["Authorization"]));
        Assert.Equal(1, credential.Calls);
        Assert.Equal(["https://communication.azure.com//.default"], credential.Scopes);
    }

    private sealed class CountingCredential(TimeProvider time) : TokenCredential
    {
        public int Calls { get; private set; }
        public string[] Scopes { get; private set; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Calls++;
            Scopes = requestContext.Scopes;
            return ValueTask.FromResult(new AccessToken($"token-{Calls}", time.GetUtcNow().AddHours(1)));
        }
    }

    private static async Task<string> ErrorMessageAsync(HttpResponseMessage answer)
    {
        using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("error").GetProperty("message").GetString()!;
    }

    private string ValidBody(string message) => JsonSerializer.Serialize(new
    {
        from = From,
        smsRecipients = new[] { new { to = To, repeatabilityRequestId = Guid.NewGuid().ToString(), repeatabilityFirstSent = AcsHmacSigner.FormatDate(_time.GetUtcNow()) } },
        message,
        smsSendOptions = new { enableDeliveryReport = true },
    });

    /// <summary>A POST to the fake, signed for <paramref name="signedBody"/> with its key but carrying <paramref name="sentBody"/>.</summary>
    private HttpRequestMessage SignedPost(byte[] signedBody, byte[] sentBody, DateTimeOffset? at = null, Uri? uri = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri ?? new Uri(_acs.Endpoint, "sms?api-version=2021-03-07")) { Content = new ByteArrayContent(sentBody) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        AcsHmacSigner.Sign(request, signedBody, Convert.FromBase64String(_acs.AccessKey), at ?? _time.GetUtcNow());
        return request;
    }
}
