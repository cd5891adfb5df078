using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Core.Replies;

namespace PropertyFunctions.Api.Functions;

/// <summary>
/// The Event Grid webhook for Azure Communication Services SMS events (function-key protected).
/// Answers the subscription-validation handshake; takes SMSReceived (staff commands, ratings, opt-outs)
/// and SMSDeliveryReportReceived (onto the SMS log). Accepts the Event Grid schema and CloudEvents, and
/// reads property names case-insensitively because their casing differs between sources.
/// </summary>
public sealed class SmsEventFunctions(InboundSms inbound, ILogger<SmsEventFunctions> logger)
{
    private const int MaxEventsBody = 1024 * 1024;

    [Function("SmsEvents")]
    public async Task<IActionResult> Receive([HttpTrigger(AuthorizationLevel.Function, "post", "options", Route = "sms/events")] HttpRequest req)
    {
        // CloudEvents webhook validation (abuse protection): echo the origin back as allowed.
        if (HttpMethods.IsOptions(req.Method))
        {
            return new ApiResult(StatusCodes.Status200OK, null).WithHeader("WebHook-Allowed-Origin", req.Headers["WebHook-Request-Origin"].ToString());
        }
        var bytes = await RequestReader.ReadCappedAsync(req.Body, MaxEventsBody, req.HttpContext.RequestAborted);
        if (bytes is null)
        {
            return Problem.Of(StatusCodes.Status413PayloadTooLarge, "too_large", RequestReader.LanguageOf(req));
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            return Problem.Of(StatusCodes.Status400BadRequest, "malformed", RequestReader.LanguageOf(req));
        }
        using (doc)
        {
            var events = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().ToList() : [doc.RootElement];
            foreach (var e in events)
            {
                var type = Get(e, "eventType") ?? Get(e, "type");
                var data = Prop(e, "data");
                switch (type)
                {
                    case "Microsoft.EventGrid.SubscriptionValidationEvent":
                        return ApiResult.Ok(new { validationResponse = data is { } code ? Get(code, "validationCode") : null });
                    case "Microsoft.Communication.SMSReceived" when data is { } received:
                        await inbound.ReceiveAsync(Get(received, "from") ?? "", Get(received, "message") ?? "", req.HttpContext.RequestAborted);
                        break;
                    case "Microsoft.Communication.SMSDeliveryReportReceived" when data is { } report:
                        await inbound.DeliveryReportAsync(Get(report, "tag"), Get(report, "deliveryStatus"), Get(report, "deliveryStatusDetails"),
                            req.HttpContext.RequestAborted);
                        break;
                    default:
                        logger.LogInformation("Event {Type} ignored", type);
                        break;
                }
            }
        }
        return new ApiResult(StatusCodes.Status200OK, null);
    }

    private static JsonElement? Prop(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }
        return null;
    }

    private static string? Get(JsonElement element, string name) =>
        Prop(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
