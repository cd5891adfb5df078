using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Azure.Sms;
using PropertyFunctions.Core.Replies;

namespace PropertyFunctions.Api.Functions;

/// <summary>
/// Alibaba Cloud SMS pushes replies (SmsUp) and delivery receipts (SmsReport) here. The random secret in the path
/// (<c>Sms__Aliyun__CallbackSecret</c>) is the authentication: a wrong one answers 404 and touches nothing.
/// Replies go through the same handling as ACS replies; receipts update the SMS log by out_id (our SMS id).
/// A storage failure answers 503, and Aliyun pushes again; every effect is repeatable, so a repeat changes nothing.
/// </summary>
public sealed class AliyunSmsFunctions(InboundSms inbound, SmsOptions sms, ILogger<AliyunSmsFunctions> logger)
{
    [Function("AliyunSmsUp")]
    public Task<IActionResult> Up([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sms/aliyun/{secret}/up")] HttpRequest req, string secret) =>
        ReceiveAsync(req, secret, AliyunPush.Replies, (reply, ct) => inbound.ReceiveAsync(reply.PhoneNumber, reply.Content, ct));

    [Function("AliyunSmsReport")]
    public Task<IActionResult> Report([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sms/aliyun/{secret}/report")] HttpRequest req, string secret) =>
        ReceiveAsync(req, secret, AliyunPush.Receipts, (receipt, ct) =>
            inbound.ReceiptAsync(receipt.OutId, receipt.Success, $"aliyun:{receipt.ErrCode} {receipt.ErrMsg}".TrimEnd(), receipt.BizId, ct));

    private async Task<IActionResult> ReceiveAsync<T>(HttpRequest req, string secret, Func<byte[], AliyunPushBody<T>> read, Func<T, CancellationToken, Task> handle)
    {
        var language = RequestReader.LanguageOf(req);
        if (!AliyunPush.SecretMatches(sms.IsAliyun ? sms.Aliyun.CallbackSecret : null, secret))
        {
            logger.LogWarning("Aliyun push with a wrong secret refused");
            return Problem.Of(StatusCodes.Status404NotFound, "push_not_found", language);
        }
        var ct = req.HttpContext.RequestAborted;
        var bytes = req.ContentLength > AliyunPush.MaxBodyBytes ? null : await RequestReader.ReadCappedAsync(req.Body, AliyunPush.MaxBodyBytes, ct);
        if (bytes is null)
        {
            return Problem.Of(StatusCodes.Status413PayloadTooLarge, "push_too_large", language);
        }
        var body = read(bytes);
        if (body.Malformed)
        {
            return Problem.Of(StatusCodes.Status400BadRequest, "malformed", language);
        }
        // The readable items are handled even when others are not: pushing the batch again cannot mend a bad item.
        foreach (var item in body.Items)
        {
            await handle(item, ct);
        }
        return body.Errors.Count > 0 ? Problem.Validation(body.Errors, language) : ApiResult.Ok(new { code = 0, msg = "接收成功" });
    }
}
