using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Core;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Azure.Sms;

/// <summary>How <see cref="AcsSmsProvider"/> proves who it is: the access key (HMAC) or an Entra ID token.</summary>
public abstract class AcsAuthentication
{
    /// <summary>Adds the authentication headers. <paramref name="body"/> is exactly what will be sent.</summary>
    public abstract ValueTask ApplyAsync(HttpRequestMessage request, byte[] body, CancellationToken ct);

    public static AcsAuthentication AccessKey(byte[] key, TimeProvider time) => new HmacAuthentication(key, time);

    public static AcsAuthentication Token(TokenCredential credential, TimeProvider time) => new BearerAuthentication(credential, time);

    private sealed class HmacAuthentication(byte[] key, TimeProvider time) : AcsAuthentication
    {
        public override ValueTask ApplyAsync(HttpRequestMessage request, byte[] body, CancellationToken ct)
        {
            AcsHmacSigner.Sign(request, body, key, time.GetUtcNow());
            return ValueTask.CompletedTask;
        }
    }

    private sealed class BearerAuthentication(TokenCredential credential, TimeProvider time) : AcsAuthentication
    {
        private static readonly TokenRequestContext Scope = new(["https://communication.azure.com//.default"]);
        // A reference, so concurrent sends read a whole token or none (a struct field could tear).
        private StrongBox<AccessToken>? _token;

        public override async ValueTask ApplyAsync(HttpRequestMessage request, byte[] body, CancellationToken ct)
        {
            // Tokens live about an hour; take a new one five minutes before expiry so none expires in flight.
            var token = _token;
            if (token is null || token.Value.ExpiresOn - TimeSpan.FromMinutes(5) <= time.GetUtcNow())
            {
                token = new StrongBox<AccessToken>(await credential.GetTokenAsync(Scope, ct));
                _token = token;
            }
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value.Token);
        }
    }
}

/// <summary>
/// Sends SMS through the Azure Communication Services REST API (<c>POST {endpoint}/sms?api-version=2021-03-07</c>),
/// one recipient per call. Every send carries the ACS repeatability fields, derived from the SMS's own id and
/// first attempt, so a retry of the same <see cref="SmsRequest"/> within the service's tracking window
/// (documented as 5 minutes) is answered from the first send and never delivered twice.
/// </summary>
public sealed class AcsSmsProvider : ISmsProvider
{
    public const string HttpClientName = "acs-sms";
    public const string ApiVersion = "2021-03-07";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly IHttpClientFactory _clients;
    private readonly Uri _sendUri;
    private readonly AcsAuthentication _authentication;
    private readonly string _from;
    private readonly TimeProvider _time;
    private readonly ILogger<AcsSmsProvider> _logger;

    public AcsSmsProvider(IHttpClientFactory clients, Uri endpoint, AcsAuthentication authentication, string from, TimeProvider time, ILogger<AcsSmsProvider> logger)
    {
        _clients = clients;
        _sendUri = new Uri(AcsConnectionString.NormalizeEndpoint(endpoint.ToString()), "sms?api-version=" + ApiVersion);
        _authentication = authentication;
        _from = from;
        _time = time;
        _logger = logger;
    }

    public string Name => SmsOptions.AcsProvider;

    public async Task<SmsSendResult> SendAsync(SmsRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var to = PhoneNumber.Mask(request.To);
        var smsId = Redact.Phones(request.SmsId);
        var body = JsonSerializer.SerializeToUtf8Bytes(Body(request), Json);
        using var message = new HttpRequestMessage(HttpMethod.Post, _sendUri) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };

        SmsSendResult result;
        try
        {
            await _authentication.ApplyAsync(message, body, ct);
            using var response = await _clients.CreateClient(HttpClientName).SendAsync(message, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            result = Interpret(response, text, request);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            // HttpClient.Timeout. ACS may have accepted it; the retry carries the same repeatability id.
            result = new SmsSendResult.RetryLater(null, "ACS did not answer in time") { MayHaveBeenSent = true, ErrorCode = "timeout", ErrorKind = SmsErrorKinds.Transient };
        }
        catch (HttpRequestException ex)
        {
            // Failing to connect means nothing reached ACS; a connection lost later may have delivered the request.
            var connected = ex.HttpRequestError is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError);
            result = new SmsSendResult.RetryLater(null, "ACS unreachable: " + ex.Message)
            {
                MayHaveBeenSent = connected,
                ErrorCode = "unreachable",
                ErrorKind = SmsErrorKinds.Transient,
            };
        }
        catch (Exception ex) when (ex is global::Azure.Identity.AuthenticationFailedException or global::Azure.Identity.CredentialUnavailableException)
        {
            // The identity endpoint can fail briefly; a missing role shows up as a 403 from ACS instead.
            result = new SmsSendResult.RetryLater(null, "No Entra ID token for ACS: " + ex.Message) { ErrorCode = "no-token", ErrorKind = SmsErrorKinds.Transient };
        }

        switch (result)
        {
            case SmsSendResult.Sent sent:
                _logger.LogInformation("SMS {SmsId} to {To} accepted by ACS as {MessageId}", smsId, to, sent.ProviderMessageId);
                break;
            case SmsSendResult.Rejected rejected:
                _logger.LogError("SMS {SmsId} to {To} rejected by ACS ({Status}): {Reason}", smsId, to, rejected.StatusCode, Redact.Error(rejected, rejected.Reason));
                break;
            case SmsSendResult.RetryLater retry:
                _logger.LogWarning("SMS {SmsId} to {To} not sent, retry after {After}: {Reason}", smsId, to, retry.After, Redact.Error(retry, retry.Reason));
                break;
        }
        return result;
    }

    /// <summary>
    /// The per-recipient repeatability id: a UUID derived from the SMS id alone (SHA-256, name-based,
    /// laid out as an RFC 9562 version 8 UUID), so every retry of the same SMS carries the same id.
    /// </summary>
    public static Guid RepeatabilityRequestId(string smsId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("PropertyFunctions.Sms/" + smsId), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(hash[..16], bigEndian: true);
    }

    private SendMessageRequest Body(SmsRequest request) => new SendMessageRequest(
        _from,
        [new SmsRecipient(request.To, RepeatabilityRequestId(request.SmsId).ToString("D"), AcsHmacSigner.FormatDate(request.FirstAttemptAt))],
        request.Text,
        new SendOptions(true, request.Tag));

    private SmsSendResult Interpret(HttpResponseMessage response, string text, SmsRequest request)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
        {
            // 429 and 503 are refusals before any work; a 500 or a gateway's 502/504 may hide an accepted send.
            var refusedUpFront = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;
            return new SmsSendResult.RetryLater(RetryAfter(response), $"ACS answered {status}: {ErrorMessage(text)}")
            {
                MayHaveBeenSent = !refusedUpFront,
                ErrorCode = Code(status),
                ErrorKind = status == 429 ? SmsErrorKinds.Throttled : SmsErrorKinds.Transient,
            };
        }
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return new SmsSendResult.Rejected(status,
                $"ACS refused the credentials ({status}: {ErrorMessage(text)}); check Sms__ConnectionString's access key, or the identity's role on the resource.")
            {
                ErrorCode = Code(status),
                ErrorKind = SmsErrorKinds.Account,
            };
        }
        if (status is < 200 or >= 300)
        {
            // The whole request refused (not one recipient): the sender or the resource is not set up as the request needs.
            return new SmsSendResult.Rejected(status, $"ACS refused the request ({status}): {ErrorMessage(text)}")
            {
                ErrorCode = Code(status),
                ErrorKind = SmsErrorKinds.Configuration,
            };
        }

        SendResponseItem? item;
        try
        {
            var items = JsonSerializer.Deserialize<SendResponse>(text, Json)?.Value ?? [];
            item = items.FirstOrDefault(i => i.To == request.To) ?? (items.Count == 1 ? items[0] : null);
        }
        catch (JsonException)
        {
            item = null;
        }
        if (item is null)
        {
            // Accepted or not, we cannot tell; the repeat carries the same repeatability id, so it is safe.
            return new SmsSendResult.RetryLater(null, $"ACS answered {status} without a result for the recipient")
            {
                MayHaveBeenSent = true,
                ErrorCode = "no-result",
                ErrorKind = SmsErrorKinds.Transient,
            };
        }
        return Interpret(item, request);
    }

    private SmsSendResult Interpret(SendResponseItem item, SmsRequest request)
    {
        // A repeat of a request ACS already accepted is answered "accepted" with the first send's outcome:
        // a success then is the original message id, not a second delivery.
        if (item.Successful)
        {
            return new SmsSendResult.Sent(item.MessageId ?? "");
        }
        var code = item.HttpStatusCode;
        var reason = item.ErrorMessage ?? "no error message";
        if (string.Equals(item.RepeatabilityResult, "rejected", StringComparison.OrdinalIgnoreCase))
        {
            return code switch
            {
                // The first send is still being processed: ask again shortly, the answer will be its outcome.
                409 => Retry("ACS is still processing the first send: " + reason),
                // Beyond the tracking window ACS no longer knows whether the first send went out, so a resend
                // could reach the phone twice. Stop; only the caller's log can tell if an earlier try got through.
                412 => Refuse(
                    $"ACS no longer tracks this SMS (first attempt {AcsHmacSigner.FormatDate(request.FirstAttemptAt)} is outside its repeatability window); not resent so it cannot arrive twice: {reason}"),
                // The id was used minutes ago with other content or another first attempt time: something with this
                // SMS id already went to ACS, and retrying cannot change the answer. A caller bug (FirstAttemptAt not kept).
                _ => Refuse(
                    $"ACS refused this SMS id: it was sent within the last minutes with other content or another first attempt time, so it is not sent again ({reason})"),
            };
        }
        return code == 429 || code == 408 || code >= 500
            ? Retry($"ACS could not send to this recipient now ({code}): {reason}")
            : Refuse($"ACS refused this recipient ({code}): {reason}");

        SmsSendResult Retry(string text) => new SmsSendResult.RetryLater(null, text)
        {
            ErrorCode = Code(code),
            ErrorKind = code == 429 ? SmsErrorKinds.Throttled : SmsErrorKinds.Transient,
        };

        SmsSendResult Refuse(string text) => new SmsSendResult.Rejected(code, text) { ErrorCode = Code(code), ErrorKind = SmsErrorKinds.Recipient };
    }

    /// <summary>ACS's HTTP status as the error code of metrics and alerts.</summary>
    private static string Code(int status) => status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    /// <summary>ACS errors are <c>{"error":{"code","message"}}</c>; anything else is shown as it came, shortened.</summary>
    private static string ErrorMessage(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                var code = error.TryGetProperty("code", out var c) ? c.ToString() : "";
                var message = error.TryGetProperty("message", out var m) ? m.ToString() : "";
                return $"{code} {message}".Trim();
            }
        }
        catch (JsonException)
        {
        }
        var trimmed = text.Trim();
        return trimmed.Length == 0 ? "(no body)" : trimmed.Length <= 300 ? trimmed : trimmed[..300] + "…";
    }

    private sealed record SendMessageRequest(string From, IReadOnlyList<SmsRecipient> SmsRecipients, string Message, SendOptions SmsSendOptions);

    private sealed record SmsRecipient(string To, string RepeatabilityRequestId, string RepeatabilityFirstSent);

    private sealed record SendOptions(bool EnableDeliveryReport, string? Tag);

    private sealed record SendResponse(IReadOnlyList<SendResponseItem>? Value);

    private sealed record SendResponseItem(string? To, string? MessageId, int HttpStatusCode, bool Successful, string? ErrorMessage, string? RepeatabilityResult);
}
