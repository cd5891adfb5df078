using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PropertyFunctions.Testing;

/// <summary>A message the fake ACS delivered: what the phone would receive.</summary>
public sealed record DeliveredSms(string MessageId, string From, string To, string Message, string? Tag, bool DeliveryReport, string RepeatabilityRequestId, DateTimeOffset At);

/// <summary>One request as the fake saw it and what it answered.</summary>
public sealed record FakeAcsRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body, int Status, string Answer)
{
    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>A scripted answer for the next request(s) that pass authentication and validation.</summary>
public abstract record FakeAcsFailure
{
    /// <summary>HTTP 429 with <c>Retry-After</c> in whole seconds.</summary>
    public sealed record Throttled(TimeSpan RetryAfter) : FakeAcsFailure;

    /// <summary>HTTP 503 for the whole request.</summary>
    public sealed record Unavailable : FakeAcsFailure;

    /// <summary>HTTP 202 whose per-recipient result says <c>successful: false</c> with this code and message.</summary>
    public sealed record RecipientFailed(int HttpStatusCode, string ErrorMessage) : FakeAcsFailure;
}

/// <summary>
/// A loopback HTTP server that plays Azure Communication Services SMS (api-version 2021-03-07) strictly:
/// it recomputes the HMAC signature from the raw request (method, raw path and query, <c>x-ms-date</c>,
/// the Host header, and a SHA-256 of the raw body it computes itself) and answers 401 on any mismatch or
/// missing header or a date more than 15 minutes off; checks the JSON shape exactly and answers 400 on
/// unknown or missing fields, wrong types, non-E.164 numbers, a malformed repeatability id or date;
/// and de-duplicates by repeatability id within the tracking window as the service does, so a repeat is
/// answered from the first send and not delivered again. It is stricter than the service in one way:
/// every recipient must carry both repeatability fields, because our provider must always send them.
/// </summary>
public sealed partial class FakeAcsSmsServer : IAsyncDisposable
{
    public const string ApiVersion = "2021-03-07";

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(15);

    private readonly WebApplication _app;
    private readonly byte[] _key;
    private readonly ConcurrentQueue<FakeAcsFailure> _script = new();
    private readonly ConcurrentQueue<DeliveredSms> _delivered = new();
    private readonly ConcurrentQueue<FakeAcsRequest> _requests = new();
    private readonly Dictionary<string, Tracked> _tracked = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    private FakeAcsSmsServer(WebApplication app, TimeProvider time)
    {
        _app = app;
        Time = time;
        _key = RandomNumberGenerator.GetBytes(32);
        AccessKey = Convert.ToBase64String(_key);
    }

    /// <summary>The fake's clock (x-ms-date check, repeatability window): set it to the clock of the app under test.</summary>
    public TimeProvider Time { get; set; }

    /// <summary>The resource's access key (random per server, base64).</summary>
    public string AccessKey { get; }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary><c>endpoint=http://127.0.0.1:PORT/;accesskey=…</c>, as <c>Sms__ConnectionString</c> takes it.</summary>
    public string ConnectionString => $"endpoint={Endpoint};accesskey={AccessKey}";

    /// <summary>How long a repeatability id is remembered; older first-sent times are refused with 412. ACS documents 5 minutes.</summary>
    public TimeSpan RepeatabilityWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Every message delivered, in order: a repeat that was recognised is not here twice.</summary>
    public IReadOnlyList<DeliveredSms> Delivered => [.. _delivered];

    /// <summary>Every request received, with the status the fake answered.</summary>
    public IReadOnlyList<FakeAcsRequest> Requests => [.. _requests];

    /// <param name="time">The fake's clock, for the x-ms-date check and the repeatability window; give it the provider's clock.</param>
    public static async Task<FakeAcsSmsServer> StartAsync(TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeAcsSmsServer(app, time ?? TimeProvider.System);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>The next <paramref name="count"/> valid requests get <paramref name="failure"/> instead of normal handling.</summary>
    public void FailNext(FakeAcsFailure failure, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            _script.Enqueue(failure);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        // The target exactly as it came on the request line: what the client signed, before any decoding.
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var answer = Answer(context.Request, target, body);

        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new FakeAcsRequest(context.Request.Method, target, headers, body, answer.Status, answer.Json));
        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(answer.Json, context.RequestAborted);
    }

    private Response Answer(HttpRequest request, string target, byte[] body)
    {
        if (Authenticate(request, target, body) is { } denied)
        {
            return Error(401, "Denied", denied);
        }
        if (!string.Equals(request.Path.Value, "/sms", StringComparison.Ordinal))
        {
            return Error(404, "NotFound", $"No such resource: {request.Path}");
        }
        if (!HttpMethods.IsPost(request.Method))
        {
            return Error(405, "MethodNotAllowed", $"{request.Method} is not allowed on /sms");
        }
        var versions = request.Query["api-version"];
        if (versions.Count != 1 || versions[0] != ApiVersion)
        {
            return Error(400, "InvalidApiVersion", $"api-version must be {ApiVersion} (was '{versions}')");
        }
        if (request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Error(415, "UnsupportedMediaType", "Content-Type must be application/json");
        }

        JsonObject send;
        try
        {
            send = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("the body is not a JSON object");
        }
        catch (JsonException ex)
        {
            return Error(400, "InvalidJson", ex.Message);
        }
        var problems = Validate(send);
        if (problems.Count > 0)
        {
            return Error(400, "BadRequest", string.Join("; ", problems));
        }

        _script.TryDequeue(out var failure);
        switch (failure)
        {
            case FakeAcsFailure.Throttled throttled:
                return Error(429, "TooManyRequests", "Rate limit exceeded", throttled.RetryAfter);
            case FakeAcsFailure.Unavailable:
                return Error(503, "ServiceUnavailable", "The service is temporarily unavailable");
        }

        var from = (string)send["from"]!;
        var message = (string)send["message"]!;
        var options = send["smsSendOptions"] as JsonObject;
        var tag = (string?)options?["tag"];
        var report = (bool?)options?["enableDeliveryReport"] ?? false;
        var results = new JsonArray();
        lock (_gate)
        {
            foreach (var recipient in send["smsRecipients"]!.AsArray().Cast<JsonObject>())
            {
                results.Add(Deliver(recipient, from, message, tag, report, failure as FakeAcsFailure.RecipientFailed));
            }
        }
        return new Response(202, new JsonObject { ["value"] = results }.ToJsonString(), null);
    }

    /// <summary>One recipient, as the service treats repeatable requests (OASIS Repeatable Requests).</summary>
    private JsonObject Deliver(JsonObject recipient, string from, string message, string? tag, bool report, FakeAcsFailure.RecipientFailed? failure)
    {
        var to = (string)recipient["to"]!;
        var requestId = (string)recipient["repeatabilityRequestId"]!;
        var firstSent = ParseDate((string)recipient["repeatabilityFirstSent"]!)!.Value;
        var now = Time.GetUtcNow();
        if (firstSent < now - RepeatabilityWindow)
        {
            return Item(to, null, 412, false, "rejected", "Repeatability-First-Sent is outside the tracking window");
        }
        var fingerprint = string.Join('\n', from, to, message, tag);
        if (_tracked.TryGetValue(requestId, out var seen))
        {
            // A true repeat is answered with the first outcome (and not executed again); anything else reusing the id is refused.
            return seen.FirstSent == firstSent && seen.Fingerprint == fingerprint
                ? (JsonObject)seen.Item.DeepClone()
                : Item(to, null, 400, false, "rejected", "The repeatability request id was already used for a different request");
        }
        if (failure is not null)
        {
            var failed = Item(to, null, failure.HttpStatusCode, false, "accepted", failure.ErrorMessage);
            // A definite (4xx) outcome is remembered and replayed; a transient one lets the repeat run again.
            if (failure.HttpStatusCode is >= 400 and < 500 and not 429 and not 408)
            {
                _tracked[requestId] = new Tracked(firstSent, fingerprint, failed);
            }
            return failed;
        }
        var messageId = $"Outgoing_{now:yyyyMMddHHmmss}{Guid.NewGuid():N}";
        _delivered.Enqueue(new DeliveredSms(messageId, from, to, message, tag, report, requestId, now));
        var item = Item(to, messageId, 202, true, "accepted", null);
        _tracked[requestId] = new Tracked(firstSent, fingerprint, item);
        return item;
    }

    private static JsonObject Item(string to, string? messageId, int status, bool successful, string repeatability, string? error)
    {
        var item = new JsonObject { ["to"] = to };
        if (messageId is not null)
        {
            item["messageId"] = messageId;
        }
        item["httpStatusCode"] = status;
        item["repeatabilityResult"] = repeatability;
        item["successful"] = successful;
        if (error is not null)
        {
            item["errorMessage"] = error;
        }
        return item;
    }

    /// <summary>Null when the request is signed with this resource's key; otherwise why not.</summary>
    private string? Authenticate(HttpRequest request, string target, byte[] body)
    {
        var date = request.Headers["x-ms-date"].ToString();
        var claimedHash = request.Headers["x-ms-content-sha256"].ToString();
        var authorization = request.Headers.Authorization.ToString();
        var host = request.Headers.Host.ToString();
        if (date.Length == 0 || claimedHash.Length == 0 || authorization.Length == 0 || host.Length == 0)
        {
            return "x-ms-date, x-ms-content-sha256, Host and Authorization are all required";
        }
        if (ParseDate(date) is not { } sent)
        {
            return $"x-ms-date '{date}' is not an RFC 1123 date";
        }
        if ((sent - Time.GetUtcNow()).Duration() > ClockSkew)
        {
            return $"x-ms-date '{date}' is more than 15 minutes from the server's time";
        }
        var actualHash = Convert.ToBase64String(SHA256.HashData(body));
        if (!string.Equals(claimedHash, actualHash, StringComparison.Ordinal))
        {
            return "x-ms-content-sha256 does not match the body";
        }
        var match = AuthorizationPattern().Match(authorization);
        if (!match.Success)
        {
            return "Authorization must be 'HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=…'";
        }
        byte[] given;
        try
        {
            given = Convert.FromBase64String(match.Groups["signature"].Value);
        }
        catch (FormatException)
        {
            return "The signature is not base64";
        }
        var stringToSign = $"{request.Method}\n{target}\n{date};{host};{actualHash}";
        var expected = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign));
        return CryptographicOperations.FixedTimeEquals(given, expected) ? null : "The signature does not match";
    }

    [GeneratedRegex("^HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=(?<signature>[A-Za-z0-9+/=]+)$")]
    private static partial Regex AuthorizationPattern();

    [GeneratedRegex(@"^\+[1-9]\d{6,14}$")]
    private static partial Regex E164();

    [GeneratedRegex("^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$")]
    private static partial Regex AlphanumericSender();

    private static DateTimeOffset? ParseDate(string value) =>
        DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;

    /// <summary>The SendMessageRequest schema of api-version 2021-03-07, with no unknown fields allowed.</summary>
    private static List<string> Validate(JsonObject send)
    {
        var problems = new List<string>();
        Fields(send, "request", ["from", "smsRecipients", "message", "smsSendOptions"], ["from", "smsRecipients", "message"], problems);
        if (send["from"] is { } from && (!IsString(from, out var sender) || !(E164().IsMatch(sender) || AlphanumericSender().IsMatch(sender))))
        {
            problems.Add("from must be an E.164 number or an alphanumeric sender ID");
        }
        if (send["message"] is { } message && (!IsString(message, out var text) || text.Length > 2048))
        {
            problems.Add("message must be a string of at most 2048 characters");
        }
        if (send["smsRecipients"] is { } recipients)
        {
            if (recipients.GetValueKind() != JsonValueKind.Array || recipients.AsArray().Count is < 1 or > 100)
            {
                problems.Add("smsRecipients must be an array of 1 to 100 recipients");
            }
            else
            {
                var i = 0;
                foreach (var recipient in recipients.AsArray())
                {
                    var name = $"smsRecipients[{i++}]";
                    if (recipient is not JsonObject r)
                    {
                        problems.Add(name + " must be an object");
                        continue;
                    }
                    Fields(r, name, ["to", "repeatabilityRequestId", "repeatabilityFirstSent"], ["to", "repeatabilityRequestId", "repeatabilityFirstSent"], problems);
                    if (r["to"] is { } to && (!IsString(to, out var number) || !E164().IsMatch(number)))
                    {
                        problems.Add(name + ".to must be an E.164 number");
                    }
                    if (r["repeatabilityRequestId"] is { } id && (!IsString(id, out var guid) || !Guid.TryParseExact(guid, "D", out _)))
                    {
                        problems.Add(name + ".repeatabilityRequestId must be a UUID (36 characters)");
                    }
                    if (r["repeatabilityFirstSent"] is { } first && (!IsString(first, out var date) || ParseDate(date) is null))
                    {
                        problems.Add(name + ".repeatabilityFirstSent must be an RFC 1123 date");
                    }
                }
            }
        }
        if (send["smsSendOptions"] is { } options)
        {
            if (options is not JsonObject o)
            {
                problems.Add("smsSendOptions must be an object");
            }
            else
            {
                Fields(o, "smsSendOptions", ["enableDeliveryReport", "tag", "validityPeriodSeconds"], ["enableDeliveryReport"], problems);
                if (o["enableDeliveryReport"] is { } report && report.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problems.Add("smsSendOptions.enableDeliveryReport must be a boolean");
                }
                if (o["tag"] is { } tag && !IsString(tag, out _))
                {
                    problems.Add("smsSendOptions.tag must be a string");
                }
                if (o["validityPeriodSeconds"] is { } validity && (validity.GetValueKind() != JsonValueKind.Number || !validity.AsValue().TryGetValue<int>(out _)))
                {
                    problems.Add("smsSendOptions.validityPeriodSeconds must be an integer");
                }
            }
        }
        return problems;
    }

    private static void Fields(JsonObject node, string name, string[] allowed, string[] required, List<string> problems)
    {
        foreach (var (key, value) in node)
        {
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                problems.Add($"{name} has an unknown field '{key}'");
            }
            else if (value is null)
            {
                problems.Add($"{name}.{key} must not be null");
            }
        }
        foreach (var key in required.Where(k => !node.ContainsKey(k)))
        {
            problems.Add($"{name}.{key} is required");
        }
    }

    private static bool IsString(JsonNode node, out string value)
    {
        value = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : "";
        return node.GetValueKind() == JsonValueKind.String;
    }

    private static Response Error(int status, string code, string message, TimeSpan? retryAfter = null) =>
        new(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString(), retryAfter);

    private sealed record Response(int Status, string Json, TimeSpan? RetryAfter);

    private sealed record Tracked(DateTimeOffset FirstSent, string Fingerprint, JsonObject Item);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
