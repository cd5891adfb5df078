using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Replies;

namespace PropertyFunctions.Api.Functions;

/// <summary>
/// Azure Communication Services SMS events, which Event Grid delivers to the <c>sms-events</c> queue (one event per
/// message, with the system topic's own identity: no webhook, no key, no validation handshake). SMSReceived carries
/// staff commands, ratings and opt-outs; SMSDeliveryReportReceived goes onto the SMS log. Reads the Event Grid schema
/// and CloudEvents, and property names case-insensitively because their casing differs between sources.
/// Every effect is idempotent, so a redelivered message is harmless; a storage failure throws and the queue retries.
/// </summary>
public sealed class SmsEventFunctions(InboundSms inbound, ILogger<SmsEventFunctions> logger)
{
    [Function("SmsEvents")]
    public async Task Receive([QueueTrigger(StorageNames.SmsEventsQueue)] string message, CancellationToken ct)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(message);
        }
        catch (JsonException)
        {
            // Retrying cannot fix a malformed message.
            logger.LogError("Malformed sms-events message dropped");
            return;
        }
        using (doc)
        {
            var events = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().ToList() : [doc.RootElement];
            foreach (var e in events)
            {
                await HandleAsync(e, ct);
            }
        }
    }

    private async Task HandleAsync(JsonElement e, CancellationToken ct)
    {
        var type = Get(e, "eventType") ?? Get(e, "type");
        var data = Prop(e, "data");
        switch (type)
        {
            case "Microsoft.Communication.SMSReceived" when data is { } received:
                await inbound.ReceiveAsync(Get(received, "from") ?? "", Get(received, "message") ?? "", ct);
                break;
            case "Microsoft.Communication.SMSDeliveryReportReceived" when data is { } report:
                await inbound.DeliveryReportAsync(Get(report, "tag"), Get(report, "deliveryStatus"), Get(report, "deliveryStatusDetails"), ct);
                break;
            default:
                logger.LogInformation("Event {Type} ignored", type);
                break;
        }
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
