using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Azure.Sms;

/// <summary>
/// Sends SMS to mainland numbers through Alibaba Cloud SMS (dysmsapi 2017-05-25, <c>SendSms</c>, V3 signature):
/// the approved template the settings map to <see cref="SmsRequest.TemplateKey"/>, its variables as
/// <c>TemplateParam</c>, and the desk's SMS id as <c>OutId</c>. <c>SendSms</c> is not idempotent, so a later
/// attempt (<see cref="SmsRequest.Attempt"/> above 1: the earlier one timed out, failed or was never reported)
/// first asks <c>QuerySendDetails</c> whether a message with this OutId went out, and sends only if none did.
/// </summary>
public sealed class AliyunSmsProvider(IHttpClientFactory clients, AliyunSmsOptions options, TimeProvider time, ILogger<AliyunSmsProvider> logger)
    : ISmsProvider
{
    public const string HttpClientName = "aliyun-sms";
    public const string ApiVersion = "2017-05-25";

    /// <summary>The largest page QuerySendDetails serves.</summary>
    public const int QueryPageSize = 50;

    // A phone gets a handful of our messages a day; twenty pages of fifty is far beyond any real day.
    private const int MaxQueryPages = 20;

    // QuerySendDetails keeps 30 days.
    private const int MaxQueryDays = 30;

    // Our code for a call that got no answer (timeout, connection refused or lost).
    private const string NoAnswerCode = "no-answer";

    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private readonly Uri _endpoint = new(options.Endpoint.Trim());

    public string Name => SmsOptions.AliyunProvider;

    public async Task<SmsSendResult> SendAsync(SmsRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await SendOnceAsync(request, ct);
        var to = PhoneNumber.Mask(request.To);
        var smsId = Redact.Phones(request.SmsId);
        switch (result)
        {
            case SmsSendResult.Sent sent:
                logger.LogInformation("SMS {SmsId} to {To} accepted by Aliyun as {BizId} (attempt {Attempt})", smsId, to, sent.ProviderMessageId, request.Attempt);
                break;
            case SmsSendResult.Rejected rejected:
                logger.LogError("SMS {SmsId} to {To} refused by Aliyun: {Reason}", smsId, to, Redact.Phones(rejected.Reason));
                break;
            case SmsSendResult.RetryLater retry:
                logger.LogWarning("SMS {SmsId} to {To} not sent, retry after {After}: {Reason}", smsId, to, retry.After, Redact.Phones(retry.Reason));
                break;
        }
        return result;
    }

    /// <summary>
    /// How long to wait after flow control (isv.BUSINESS_LIMIT_CONTROL: per-number limits per minute, hour and day):
    /// 1, 4, 16, 64 minutes, at most two hours.
    /// </summary>
    public static TimeSpan FlowControlBackOff(int attempt) => TimeSpan.FromMinutes(Math.Min(Math.Pow(4, Math.Max(attempt, 1) - 1), 120));

    private async Task<SmsSendResult> SendOnceAsync(SmsRequest request, CancellationToken ct)
    {
        if (!request.To.StartsWith("+86", StringComparison.Ordinal) || request.To.Length != 14)
        {
            return new SmsSendResult.Rejected(null, $"aliyun: {PhoneNumber.Mask(request.To)} is not a mainland mobile number; SendSms serves +86 only.")
            {
                ErrorCode = "not-mainland",
                ErrorKind = SmsErrorKinds.Recipient,
            };
        }
        if (options.TemplateCode(request.TemplateKey, request.Language) is not { } templateCode)
        {
            return new SmsSendResult.Rejected(null,
                $"aliyun: no template code for '{request.TemplateKey}'; set Sms__Aliyun__Templates__{request.TemplateKey} to the approved template code.")
            {
                ErrorCode = "no-template",
                ErrorKind = SmsErrorKinds.Configuration,
            };
        }
        var phone = request.To[3..];
        if (request.Attempt > 1 && await EarlierSendAsync(request, phone, ct) is { } earlier)
        {
            return earlier;
        }

        var parameters = new List<KeyValuePair<string, string>>
        {
            new("PhoneNumbers", phone),
            new("SignName", request.SignName ?? options.SignName!.Trim()),
            new("TemplateCode", templateCode),
            new("OutId", request.SmsId),
        };
        if (request.Variables.Count > 0)
        {
            // Owner text is a JSON string value here, never template text: the carrier fills the approved template with it.
            parameters.Add(new("TemplateParam", JsonSerializer.Serialize(request.Variables, Json)));
        }
        var reply = await CallAsync("SendSms", parameters, ct);
        if (reply is NoAnswer none)
        {
            return new SmsSendResult.RetryLater(null, "aliyun: " + none.Reason)
            {
                MayHaveBeenSent = none.MayHaveArrived,
                ErrorCode = NoAnswerCode,
                ErrorKind = SmsErrorKinds.Transient,
            };
        }
        var answer = (Answer)reply;
        return answer.Code == "OK" ? new SmsSendResult.Sent(Text(answer.Body["BizId"]) ?? "") : Interpret(answer, request.Attempt);
    }

    /// <summary>
    /// Whether an earlier attempt with this OutId reached Aliyun, looking at every China-time day from the first
    /// attempt to today. Null when none did (send now); otherwise the result to report without sending.
    /// </summary>
    private async Task<SmsSendResult?> EarlierSendAsync(SmsRequest request, string phone, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), China).DateTime);
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(request.FirstAttemptAt, China).DateTime);
        if (first < today.AddDays(-(MaxQueryDays - 1)))
        {
            first = today.AddDays(-(MaxQueryDays - 1));
        }
        for (var day = first; day <= today; day = day.AddDays(1))
        {
            for (var page = 1; page <= MaxQueryPages; page++)
            {
                var reply = await CallAsync("QuerySendDetails",
                [
                    new("PhoneNumber", phone),
                    new("SendDate", day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)),
                    new("PageSize", QueryPageSize.ToString(CultureInfo.InvariantCulture)),
                    new("CurrentPage", page.ToString(CultureInfo.InvariantCulture)),
                ], ct);
                if (reply is NoAnswer none)
                {
                    return new SmsSendResult.RetryLater(null, $"aliyun: could not ask whether an earlier attempt went out ({none.Reason}); not resent yet")
                    {
                        MayHaveBeenSent = true,
                        ErrorCode = NoAnswerCode,
                        ErrorKind = SmsErrorKinds.Transient,
                    };
                }
                var answer = (Answer)reply;
                if (answer.Code != "OK")
                {
                    return Interpret(answer, request.Attempt) switch
                    {
                        SmsSendResult.Rejected rejected => rejected with
                        {
                            Reason = rejected.Reason + " (QuerySendDetails: cannot tell whether an earlier attempt went out, so it is not resent)",
                        },
                        var other => other,
                    };
                }
                var records = answer.Body["SmsSendDetailDTOs"]?["SmsSendDetailDTO"] as JsonArray ?? [];
                if (records.FirstOrDefault(r => Text(r?["OutId"]) == request.SmsId) is { } found)
                {
                    // SendStatus: 1 waiting for the carrier's receipt, 2 failed, 3 delivered.
                    return Text(found["SendStatus"]) == "2"
                        ? new SmsSendResult.Rejected(null, $"aliyun:{Text(found["ErrCode"])} an earlier attempt reached Aliyun and the carrier refused it; not resent")
                        {
                            ErrorCode = Text(found["ErrCode"]) ?? "carrier-refused",
                            ErrorKind = SmsErrorKinds.Recipient,
                        }
                        : new SmsSendResult.Sent("");
                }
                var total = int.TryParse(Text(answer.Body["TotalCount"]), CultureInfo.InvariantCulture, out var count) ? count : 0;
                if (records.Count < QueryPageSize || page * QueryPageSize >= total)
                {
                    break;
                }
            }
        }
        return null;
    }

    /// <summary>A refusal: flow control waits and retries, a platform fault retries, anything else is permanent.</summary>
    private static SmsSendResult Interpret(Answer answer, int attempt)
    {
        var reason = $"aliyun:{answer.Code} {answer.Message}".TrimEnd();
        if (answer.Code is "isv.BUSINESS_LIMIT_CONTROL" || answer.Code.StartsWith("Throttling", StringComparison.Ordinal))
        {
            return new SmsSendResult.RetryLater(FlowControlBackOff(attempt), reason) { ErrorCode = answer.Code, ErrorKind = SmsErrorKinds.Throttled };
        }
        if (answer.Status >= 500 || answer.Code is "isp.SYSTEM_ERROR" or "isv.SYSTEM_ERROR" or "ServiceUnavailable" or "InternalError")
        {
            return new SmsSendResult.RetryLater(null, reason) { MayHaveBeenSent = true, ErrorCode = answer.Code, ErrorKind = SmsErrorKinds.Transient };
        }
        // Illegal number, template, variables or signature, no balance, account or permission problems: retrying
        // cannot help, and the code in the reason tells a supervisor what to fix.
        return new SmsSendResult.Rejected(answer.Status is >= 200 and < 300 ? null : answer.Status, reason)
        {
            ErrorCode = answer.Code,
            ErrorKind = KindOfRefusal(answer.Code),
        };
    }

    /// <summary>
    /// Which refusals stop every SMS until a person acts (Alibaba Cloud's error code list): the account (balance, arrears,
    /// the product not activated, the AccessKey or its RAM policy) or what was approved for it (signature, templates).
    /// </summary>
    public static string KindOfRefusal(string code) => code switch
    {
        "isv.AMOUNT_NOT_ENOUGH" or "isv.OUT_OF_SERVICE" or "isv.ACCOUNT_NOT_EXISTS" or "isv.ACCOUNT_ABNORMAL"
            or "isv.PRODUCT_UN_SUBSCRIPT" or "isv.PRODUCT_UNSUBSCRIBE" or "isp.RAM_PERMISSION_DENY" or "HTTP401" or "HTTP403" => SmsErrorKinds.Account,
        _ when code.StartsWith("InvalidAccessKeyId", StringComparison.Ordinal) || code.StartsWith("SignatureDoesNotMatch", StringComparison.Ordinal)
            || code.StartsWith("Forbidden", StringComparison.Ordinal) || code.StartsWith("IncompleteSignature", StringComparison.Ordinal) => SmsErrorKinds.Account,
        "isv.SMS_SIGNATURE_ILLEGAL" or "isv.SMS_SIGN_ILLEGAL" or "isv.SIGN_NAME_ILLEGAL" or "isv.SMS_TEMPLATE_ILLEGAL" or "isv.TEMPLATE_MISSING_PARAMETERS"
            or "isv.INVALID_PARAMETERS" or "isv.INVALID_JSON_PARAM" or "isv.SMS_SIGNATURE_SCENE_ILLEGAL" => SmsErrorKinds.Configuration,
        _ => SmsErrorKinds.Recipient,
    };

    private async Task<Reply> CallAsync(string action, List<KeyValuePair<string, string>> parameters, CancellationToken ct)
    {
        using var message = AliyunV3Signer.Request(_endpoint, action, ApiVersion, parameters, options.AccessKeyId!.Trim(), options.AccessKeySecret!.Trim(),
            time.GetUtcNow());
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(message, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            var status = (int)response.StatusCode;
            JsonObject? body = null;
            try
            {
                body = JsonNode.Parse(text) as JsonObject;
            }
            catch (JsonException)
            {
            }
            if (body is null)
            {
                var excerpt = text.Length <= 200 ? text : text[..200] + "…";
                // A 2xx we cannot read may hide an accepted send; so may a gateway's 5xx.
                return status is >= 400 and < 500
                    ? new Answer(status, $"HTTP{status}", excerpt, new JsonObject())
                    : new NoAnswer($"{action} answered {status} without a readable body: {excerpt}", MayHaveArrived: true);
            }
            return new Answer(status, Text(body["Code"]) ?? $"HTTP{status}", Text(body["Message"]) ?? "", body);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            // HttpClient.Timeout: Aliyun may have taken it.
            return new NoAnswer($"{action} did not answer in time", MayHaveArrived: true);
        }
        catch (HttpRequestException ex)
        {
            // Failing to connect means nothing reached Aliyun; a connection lost later may have delivered the request.
            var connected = ex.HttpRequestError is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError);
            return new NoAnswer($"{action} unreachable: {ex.Message}", MayHaveArrived: connected);
        }
    }

    /// <summary>A JSON value as text, whether the service sent it as a string or a number.</summary>
    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonValue value => value.ToJsonString(),
        _ => null,
    };

    private abstract record Reply;

    /// <summary>What the service answered: its code (<c>OK</c> or an error code) and message.</summary>
    private sealed record Answer(int Status, string Code, string Message, JsonObject Body) : Reply;

    /// <summary>No answer (timeout, connection): <paramref name="MayHaveArrived"/> unless the connection was refused.</summary>
    private sealed record NoAnswer(string Reason, bool MayHaveArrived) : Reply;
}
