using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PropertyFunctions.Testing;

/// <summary>A message the fake Aliyun accepted: what the phone would receive, as template code and variables.</summary>
public sealed record AliyunSentSms(string BizId, string PhoneNumber, string SignName, string TemplateCode, IReadOnlyDictionary<string, string> Params,
    string? OutId, DateTimeOffset At);

/// <summary>One request as the fake saw it (parameters decoded) and what it answered; <paramref name="Late"/>: only after the client gave up.</summary>
public sealed record FakeAliyunRequest(string Action, IReadOnlyDictionary<string, string> Parameters, int Status, string Answer, bool Late = false)
{
    /// <summary>The <c>Code</c> field of the answer (<c>OK</c> or the error code).</summary>
    public string? Code => JsonNode.Parse(Answer)?[nameof(Code)]?.GetValue<string>();
}

/// <summary>A scripted answer to the next SendSms call(s) that pass authentication and validation.</summary>
public abstract record FakeAliyunFault
{
    /// <summary>HTTP 200 with <c>isv.BUSINESS_LIMIT_CONTROL</c>: per-number flow control. Nothing is sent.</summary>
    public sealed record Throttled : FakeAliyunFault;

    /// <summary>HTTP 500 <c>InternalError</c>. Nothing is sent.</summary>
    public sealed record ServerError : FakeAliyunFault;

    /// <summary>The message is sent (recorded, visible to QuerySendDetails), but the answer comes only after the client gave up.</summary>
    public sealed record AcceptThenTimeOut : FakeAliyunFault;

    /// <summary>HTTP 200 with this business error code (e.g. <c>isv.AMOUNT_NOT_ENOUGH</c>). Nothing is sent.</summary>
    public sealed record Refused(string Code, string Message) : FakeAliyunFault;
}

/// <summary>
/// A loopback HTTP server that plays Alibaba Cloud SMS (dysmsapi 2017-05-25, RPC style, V3 signature) strictly.
/// It recomputes the <c>ACS3-HMAC-SHA256</c> signature from the raw request (its own canonicalisation: the query
/// decoded and re-encoded, the signed headers as they arrived, the SHA-256 of the body it received) and answers as
/// the service does when anything is off: <c>SignatureDoesNotMatch</c>, <c>IncompleteSignature</c>,
/// <c>InvalidAccessKeyId.NotFound</c>, <c>InvalidTimeStamp.Expired</c> (more than 15 minutes off),
/// <c>SignatureNonceUsed</c>. SendSms checks the number, the signature name, that the template code is one it was
/// given, and that TemplateParam holds exactly that template's variables, all strings; it records what it sends.
/// QuerySendDetails answers from those records by phone and China-time day. Faults can be scripted per number.
/// </summary>
public sealed partial class FakeAliyunSmsServer : IAsyncDisposable
{
    public const string ApiVersion = "2017-05-25";

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(15);
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly string[] RequiredSignedHeaders = ["host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"];
    private static readonly string[] SendSmsParameters = ["PhoneNumbers", "SignName", "TemplateCode", "TemplateParam", "SmsUpExtendCode", "OutId", "OwnerId",
        "ResourceOwnerAccount", "ResourceOwnerId"];
    private static readonly string[] QueryParameters = ["PhoneNumber", "BizId", "SendDate", "PageSize", "CurrentPage", "OwnerId", "ResourceOwnerAccount", "ResourceOwnerId"];
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _templates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _signNames = new(StringComparer.Ordinal);
    private readonly List<(string? Phone, FakeAliyunFault Fault)> _faults = [];
    private readonly List<AliyunSentSms> _sent = [];
    private readonly Dictionary<string, (int Status, string ErrCode)> _outcomes = [];
    private readonly ConcurrentQueue<FakeAliyunRequest> _requests = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _nonces = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _nextBizId = 900619746936498;

    private FakeAliyunSmsServer(WebApplication app, TimeProvider time)
    {
        _app = app;
        Time = time;
        AccessKeyId = "LTAI" + Convert.ToHexString(RandomNumberGenerator.GetBytes(10));
        AccessKeySecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(21)).Replace('+', 'x').Replace('/', 'y');
    }

    /// <summary>The fake's clock (x-acs-date check, SendDate days): set it to the clock of the app under test.</summary>
    public TimeProvider Time { get; set; }

    public string AccessKeyId { get; }
    public string AccessKeySecret { get; }
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>How long an AcceptThenTimeOut answer is held at most (the client normally gives up long before).</summary>
    public TimeSpan TimeOutHold { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Every SMS sent, in order.</summary>
    public IReadOnlyList<AliyunSentSms> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>Every request received, with what the fake answered.</summary>
    public IReadOnlyList<FakeAliyunRequest> Requests => [.. _requests];

    /// <summary>The settings that point the desk at this fake (<c>Sms:Aliyun:*</c>), without templates.</summary>
    public Dictionary<string, string?> Settings(string signName, string callbackSecret) => new()
    {
        ["Sms:Provider"] = "aliyun",
        ["Sms:Aliyun:Endpoint"] = Endpoint.ToString(),
        ["Sms:Aliyun:AccessKeyId"] = AccessKeyId,
        ["Sms:Aliyun:AccessKeySecret"] = AccessKeySecret,
        ["Sms:Aliyun:SignName"] = signName,
        ["Sms:Aliyun:CallbackSecret"] = callbackSecret,
    };

    public static async Task<FakeAliyunSmsServer> StartAsync(TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeAliyunSmsServer(app, time ?? TimeProvider.System);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>An approved signature (签名).</summary>
    public void ApproveSignName(string signName) => _signNames[signName] = 0;

    /// <summary>An approved template and the names of its <c>${name}</c> variables.</summary>
    public void ApproveTemplate(string code, params string[] variables) => _templates[code] = variables;

    /// <summary>The next <paramref name="count"/> valid SendSms calls (to <paramref name="phoneNumber"/> only, 11 digits, when given) get <paramref name="fault"/>.</summary>
    public void FailNext(FakeAliyunFault fault, string? phoneNumber = null, int count = 1)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _faults.Add((phoneNumber, fault));
            }
        }
    }

    /// <summary>The SmsUp push (a JSON array of one reply) the service would send when <paramref name="phoneNumber"/> answers.</summary>
    public string ReplyPush(string phoneNumber, string content, string signName) =>
        new JsonArray(new JsonObject
        {
            ["phone_number"] = phoneNumber,
            ["send_time"] = Local(Time.GetUtcNow()),
            ["content"] = content,
            ["sign_name"] = signName,
            ["dest_code"] = "1234",
            ["sequence_id"] = Interlocked.Increment(ref _nextBizId).ToString(CultureInfo.InvariantCulture),
        }).ToJsonString(Json);

    /// <summary>The SmsReport push for <paramref name="sms"/>; it also changes what QuerySendDetails shows for it.</summary>
    public string ReportPush(AliyunSentSms sms, bool success, string errCode = "DELIVERED", string errMsg = "用户接收成功")
    {
        ArgumentNullException.ThrowIfNull(sms);
        lock (_gate)
        {
            _outcomes[sms.BizId] = (success ? 3 : 2, errCode);
        }
        return new JsonArray(new JsonObject
        {
            ["phone_number"] = sms.PhoneNumber,
            ["send_time"] = Local(sms.At),
            ["report_time"] = Local(Time.GetUtcNow()),
            ["success"] = success,
            ["err_code"] = errCode,
            ["err_msg"] = errMsg,
            ["sms_size"] = "1",
            ["biz_id"] = sms.BizId,
            ["out_id"] = sms.OutId,
        }).ToJsonString(Json);
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        // The target exactly as it came on the request line: what the client signed, before any decoding.
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var parameters = Parameters(target);
        var action = context.Request.Headers["x-acs-action"].ToString();

        var answer = Authenticate(context.Request, target, body) ?? Dispatch(action, context.Request, parameters);
        if (answer.HoldUntilAborted)
        {
            // Accepted, but the answer is late: the client times out first and cannot know it went out.
            try
            {
                await Task.Delay(TimeOutHold, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        }
        _requests.Enqueue(new FakeAliyunRequest(action, parameters, answer.Status, answer.Json, answer.HoldUntilAborted));
        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json;charset=utf-8";
        await context.Response.WriteAsync(answer.Json, context.RequestAborted);
    }

    private Response Dispatch(string action, HttpRequest request, Dictionary<string, string> parameters)
    {
        if (!HttpMethods.IsPost(request.Method) && !HttpMethods.IsGet(request.Method))
        {
            return Error(405, "UnsupportedHTTPMethod", $"{request.Method} is not supported.");
        }
        if (request.Headers["x-acs-version"].ToString() != ApiVersion)
        {
            return Error(400, "InvalidVersion", $"Specified parameter Version is not valid (use {ApiVersion}).");
        }
        return action switch
        {
            "SendSms" => SendSms(parameters),
            "QuerySendDetails" => QuerySendDetails(parameters),
            _ => Error(404, "InvalidAction.NotFound", $"Specified api '{action}' is not found."),
        };
    }

    private Response SendSms(Dictionary<string, string> parameters)
    {
        if (Unknown(parameters, SendSmsParameters) is { } unknown)
        {
            return unknown;
        }
        foreach (var name in new[] { "PhoneNumbers", "SignName", "TemplateCode" })
        {
            if (!parameters.TryGetValue(name, out var value) || value.Length == 0)
            {
                return Error(400, "Missing" + name, $"{name} is mandatory for this action.");
            }
        }
        var phones = parameters["PhoneNumbers"].Split(',');
        if (phones.Any(p => !MainlandMobile().IsMatch(p)))
        {
            return Business("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号");
        }
        if (!_signNames.ContainsKey(parameters["SignName"]))
        {
            return Business("isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名");
        }
        if (!_templates.TryGetValue(parameters["TemplateCode"], out var variables))
        {
            return Business("isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板");
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (parameters.TryGetValue("TemplateParam", out var json))
        {
            try
            {
                if (JsonNode.Parse(json) is not JsonObject param || param.Any(p => p.Value?.GetValueKind() != JsonValueKind.String))
                {
                    return Business("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值");
                }
                foreach (var (name, value) in param)
                {
                    values[name] = value!.GetValue<string>();
                }
            }
            catch (JsonException)
            {
                return Business("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值");
            }
        }
        if (variables.FirstOrDefault(v => !values.ContainsKey(v)) is { } missing)
        {
            return Business("isv.TEMPLATE_MISSING_PARAMETERS", $"模板变量缺少对应参数值: {missing}");
        }
        if (values.Keys.FirstOrDefault(k => !variables.Contains(k)) is { } extra)
        {
            return Business("isv.INVALID_PARAMETERS", $"模板中没有变量: {extra}");
        }
        var outId = parameters.GetValueOrDefault("OutId");
        if (outId is { Length: >= 256 })
        {
            return Business("isv.INVALID_PARAMETERS", "OutId 长度须小于 256");
        }

        FakeAliyunFault? fault;
        lock (_gate)
        {
            var index = _faults.FindIndex(f => f.Phone is null || phones.Contains(f.Phone));
            fault = index < 0 ? null : _faults[index].Fault;
            if (index >= 0)
            {
                _faults.RemoveAt(index);
            }
        }
        switch (fault)
        {
            case FakeAliyunFault.Throttled:
                return Business("isv.BUSINESS_LIMIT_CONTROL", "触发号码分钟级流控Permits:1");
            case FakeAliyunFault.ServerError:
                return Error(500, "InternalError", "The request processing has failed due to some unknown error.");
            case FakeAliyunFault.Refused refused:
                return Business(refused.Code, refused.Message);
        }

        string bizId;
        lock (_gate)
        {
            bizId = $"{Interlocked.Increment(ref _nextBizId)}^0";
            foreach (var phone in phones)
            {
                _sent.Add(new AliyunSentSms(bizId, phone, parameters["SignName"], parameters["TemplateCode"], values, outId, Time.GetUtcNow()));
            }
        }
        var ok = new JsonObject { ["Message"] = "OK", ["RequestId"] = RequestId(), ["Code"] = "OK", ["BizId"] = bizId }.ToJsonString(Json);
        return new Response(200, ok, HoldUntilAborted: fault is FakeAliyunFault.AcceptThenTimeOut);
    }

    private Response QuerySendDetails(Dictionary<string, string> parameters)
    {
        if (Unknown(parameters, QueryParameters) is { } unknown)
        {
            return unknown;
        }
        foreach (var name in new[] { "PhoneNumber", "SendDate", "PageSize", "CurrentPage" })
        {
            if (!parameters.TryGetValue(name, out var value) || value.Length == 0)
            {
                return Error(400, "Missing" + name, $"{name} is mandatory for this action.");
            }
        }
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Time.GetUtcNow(), China).DateTime);
        if (!DateOnly.TryParseExact(parameters["SendDate"], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            || day > today || day < today.AddDays(-29))
        {
            return Business("isv.INVALID_PARAMETERS", "SendDate 须为最近 30 天内的日期，格式 yyyyMMdd");
        }
        if (!int.TryParse(parameters["PageSize"], CultureInfo.InvariantCulture, out var size) || size is < 1 or > 50
            || !int.TryParse(parameters["CurrentPage"], CultureInfo.InvariantCulture, out var page) || page < 1)
        {
            return Business("isv.INVALID_PARAMETERS", "PageSize 取值 1~50，CurrentPage 从 1 开始");
        }
        List<AliyunSentSms> matching;
        lock (_gate)
        {
            matching = _sent.Where(s => s.PhoneNumber == parameters["PhoneNumber"]
                    && DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.At, China).DateTime) == day
                    && (!parameters.TryGetValue("BizId", out var bizId) || s.BizId == bizId))
                .ToList();
        }
        var records = new JsonArray();
        foreach (var s in matching.Skip((page - 1) * size).Take(size))
        {
            var (status, errCode) = Outcome(s.BizId);
            records.Add(new JsonObject
            {
                ["PhoneNum"] = s.PhoneNumber,
                ["SendStatus"] = status,
                ["ErrCode"] = errCode,
                ["TemplateCode"] = s.TemplateCode,
                ["Content"] = $"【{s.SignName}】{s.TemplateCode} {JsonSerializer.Serialize(s.Params, Json)}",
                ["SendDate"] = Local(s.At),
                ["ReceiveDate"] = status == 1 ? "" : Local(s.At),
                ["OutId"] = s.OutId,
            });
        }
        var answer = new JsonObject
        {
            ["TotalCount"] = matching.Count,
            ["Message"] = "OK",
            ["RequestId"] = RequestId(),
            ["Code"] = "OK",
            ["SmsSendDetailDTOs"] = new JsonObject { ["SmsSendDetailDTO"] = records },
        };
        return new Response(200, answer.ToJsonString(Json));
    }

    private (int Status, string ErrCode) Outcome(string bizId)
    {
        lock (_gate)
        {
            return _outcomes.TryGetValue(bizId, out var outcome) ? outcome : (1, "");
        }
    }

    /// <summary>Null when the request carries a valid V3 signature by this account's key; otherwise the service's error answer.</summary>
    private Response? Authenticate(HttpRequest request, string target, byte[] body)
    {
        var authorization = request.Headers.Authorization.ToString();
        var match = AuthorizationPattern().Match(authorization);
        if (!match.Success)
        {
            return Error(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.");
        }
        if (match.Groups["credential"].Value != AccessKeyId)
        {
            return Error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }
        var signedNames = match.Groups["headers"].Value.Split(';');
        var present = request.Headers.Keys.Select(k => k.ToLowerInvariant()).Where(k => k.StartsWith("x-acs-", StringComparison.Ordinal));
        if (RequiredSignedHeaders.Concat(present).Any(h => !signedNames.Contains(h)) || !signedNames.SequenceEqual(signedNames.Order(StringComparer.Ordinal)))
        {
            return Error(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards: every x-acs-* header and host must be signed, in order.");
        }
        if (!DateTimeOffset.TryParseExact(request.Headers["x-acs-date"].ToString(), "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var date) || (date - Time.GetUtcNow()).Duration() > ClockSkew)
        {
            return Error(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
        }

        var canonicalHeaders = string.Concat(signedNames.Select(name => $"{name}:{request.Headers[name].ToString().Trim()}\n"));
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(body));
        var canonicalRequest = string.Join('\n', request.Method, Path(target), CanonicalQuery(target), canonicalHeaders, string.Join(';', signedNames), payloadHash);
        var stringToSign = "ACS3-HMAC-SHA256\n" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(AccessKeySecret), Encoding.UTF8.GetBytes(stringToSign));
        var given = Convert.FromHexString(match.Groups["signature"].Value);
        if (!CryptographicOperations.FixedTimeEquals(given, expected))
        {
            return Error(400, "SignatureDoesNotMatch", "Specified signature does not match our calculation. The string to sign is: " + stringToSign.Replace("\n", "\\n"));
        }
        // The nonce counts once the signature is good: a replay of a signed request within the window is refused.
        var nonce = request.Headers["x-acs-signature-nonce"].ToString();
        foreach (var old in _nonces.Where(n => n.Value < Time.GetUtcNow() - ClockSkew))
        {
            _nonces.TryRemove(old.Key, out _);
        }
        return _nonces.TryAdd(nonce, Time.GetUtcNow()) ? null : Error(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
    }

    private static string Path(string target)
    {
        var q = target.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? target : target[..q];
    }

    /// <summary>The query as the client meant it: each name and value decoded, then encoded the RFC 3986 way and sorted.</summary>
    private static string CanonicalQuery(string target) =>
        string.Join('&', RawPairs(target)
            .Select(p => (Name: Uri.EscapeDataString(p.Name), Value: Uri.EscapeDataString(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));

    private static Dictionary<string, string> Parameters(string target) => RawPairs(target)
        .GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);

    private static IEnumerable<(string Name, string Value)> RawPairs(string target)
    {
        var q = target.IndexOf('?', StringComparison.Ordinal);
        if (q < 0)
        {
            yield break;
        }
        foreach (var pair in target[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            yield return eq < 0
                ? (Uri.UnescapeDataString(pair), "")
                : (Uri.UnescapeDataString(pair[..eq]), Uri.UnescapeDataString(pair[(eq + 1)..]));
        }
    }

    private static Response? Unknown(Dictionary<string, string> parameters, string[] allowed) =>
        parameters.Keys.FirstOrDefault(k => !allowed.Contains(k)) is { } name
            ? Error(400, "InvalidParameter", $"The parameter {name} is not recognised by this action.")
            : null;

    private static string Local(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, China).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string RequestId() => Guid.NewGuid().ToString("D").ToUpperInvariant();

    /// <summary>A business refusal: SendSms answers these with HTTP 200 and the code.</summary>
    private static Response Business(string code, string message) =>
        new(200, new JsonObject { ["Message"] = message, ["RequestId"] = RequestId(), ["Code"] = code }.ToJsonString(Json));

    /// <summary>A gateway error: the HTTP status with Code, Message, RequestId, HostId and Recommend.</summary>
    private static Response Error(int status, string code, string message) =>
        new(status, new JsonObject
        {
            ["RequestId"] = RequestId(),
            ["Message"] = message,
            ["Recommend"] = $"https://api.aliyun.com/troubleshoot?q={code}&product=Dysmsapi",
            ["HostId"] = "dysmsapi.aliyuncs.com",
            ["Code"] = code,
        }.ToJsonString(Json));

    [GeneratedRegex("^ACS3-HMAC-SHA256 Credential=(?<credential>[^,]+),SignedHeaders=(?<headers>[a-z0-9;-]+),Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MainlandMobile();

    private sealed record Response(int Status, string Json, bool HoldUntilAborted = false);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
