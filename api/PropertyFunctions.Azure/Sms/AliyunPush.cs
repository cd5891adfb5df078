using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Azure.Sms;

/// <summary>A reply (上行, SmsUp): what a phone sent back.</summary>
public sealed record AliyunReply(string PhoneNumber, string Content);

/// <summary>A delivery receipt (SmsReport). <see cref="OutId"/> is the SMS id we sent; <see cref="BizId"/> Aliyun's own.</summary>
public sealed record AliyunReceipt(string PhoneNumber, bool Success, string? ErrCode, string? ErrMsg, string? BizId, string? OutId);

/// <summary>A push read: its items, or why it cannot be read (<see cref="Malformed"/>: not JSON; <see cref="Errors"/>: wrong shape).</summary>
public sealed record AliyunPushBody<T>(IReadOnlyList<T> Items, IReadOnlyList<FieldError> Errors, bool Malformed);

/// <summary>
/// Alibaba Cloud's HTTP batch push (HTTP批量推送): a JSON array of replies (SmsUp: phone_number, send_time, content,
/// sign_name, dest_code, sequence_id) or of delivery receipts (SmsReport: phone_number, send_time, report_time,
/// success, err_code, err_msg, sms_size, biz_id, out_id), answered <c>{"code":0,"msg":"接收成功"}</c>. The service
/// pushes again after 1, 5 and 10 minutes unless it gets HTTP 200, so every effect of an item must be repeatable.
/// Fields the desk does not use (times, sign_name, dest_code, sequence_id, sms_size) are not checked: the
/// documentation has shown some of them both as strings and as numbers.
/// </summary>
public static class AliyunPush
{
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Compares in constant time (over hashes, so the length does not show either); false when no secret is configured.</summary>
    public static bool SecretMatches(string? configured, string? given)
    {
        if (string.IsNullOrWhiteSpace(configured) || given is null)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(configured.Trim())), SHA256.HashData(Encoding.UTF8.GetBytes(given)));
    }

    public static AliyunPushBody<AliyunReply> Replies(byte[] body) => Read(body, (item, name, errors) =>
    {
        var phone = String(item, "phone_number", name, errors, required: true);
        var content = String(item, "content", name, errors, required: true);
        return phone is null || content is null ? null : new AliyunReply(phone, content);
    });

    public static AliyunPushBody<AliyunReceipt> Receipts(byte[] body) => Read(body, (item, name, errors) =>
    {
        var phone = String(item, "phone_number", name, errors, required: true);
        bool? success = item.TryGetProperty("success", out var s) ? s.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        } : null;
        if (success is null)
        {
            errors.Add(new FieldError($"{name}.success", item.TryGetProperty("success", out _) ? "wrong_type" : "required"));
        }
        var errCode = String(item, "err_code", name, errors, required: false);
        var errMsg = String(item, "err_msg", name, errors, required: false);
        var bizId = String(item, "biz_id", name, errors, required: false);
        var outId = String(item, "out_id", name, errors, required: false);
        return phone is null || success is null ? null : new AliyunReceipt(phone, success.Value, errCode, errMsg, bizId, outId);
    });

    private static AliyunPushBody<T> Read<T>(byte[] body, Func<JsonElement, string, List<FieldError>, T?> item) where T : class
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return new AliyunPushBody<T>([], [], Malformed: true);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                return new AliyunPushBody<T>([], [new FieldError("[]", "wrong_type")], Malformed: false);
            }
            var items = new List<T>();
            var errors = new List<FieldError>();
            var index = 0;
            foreach (var element in doc.RootElement.EnumerateArray())
            {
                var name = $"[{index++}]";
                if (element.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new FieldError(name, "wrong_type"));
                }
                else if (item(element, name, errors) is { } read)
                {
                    items.Add(read);
                }
            }
            return new AliyunPushBody<T>(items, errors, Malformed: false);
        }
    }

    private static string? String(JsonElement item, string field, string name, List<FieldError> errors, bool required)
    {
        if (!item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(new FieldError($"{name}.{field}", "required"));
            }
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError($"{name}.{field}", "wrong_type"));
            return null;
        }
        return value.GetString();
    }
}
