using System.Text.Json.Nodes;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

/// <summary>
/// Communication Services SMS events in the shape the documentation shows (Event Grid schema), delivered as Event
/// Grid delivers them to a storage queue: one event per message.
/// </summary>
public static class EventGrid
{
    public static JsonObject SmsReceived(string from, string message, string to = "+18005550100") =>
        new()
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["topic"] = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Communication/communicationServices/acs",
            ["subject"] = $"/phonenumber/{to.TrimStart('+')}",
            ["eventType"] = "Microsoft.Communication.SMSReceived",
            ["data"] = new JsonObject
            {
                ["MessageId"] = "Incoming_" + Guid.NewGuid().ToString("N"),
                ["From"] = from,
                ["To"] = to,
                ["Message"] = message,
                ["ReceivedTimestamp"] = "2026-11-28T02:10:00.000Z",
            },
            ["dataVersion"] = "1.0",
            ["metadataVersion"] = "1",
            ["eventTime"] = "2026-11-28T02:10:00Z",
        };

    public static JsonObject DeliveryReport(string tag, string status, string to) =>
        new()
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["topic"] = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Communication/communicationServices/acs",
            ["subject"] = $"/phonenumber/{to.TrimStart('+')}",
            ["eventType"] = "Microsoft.Communication.SMSDeliveryReportReceived",
            ["data"] = new JsonObject
            {
                ["MessageId"] = "Outgoing_" + Guid.NewGuid().ToString("N"),
                ["From"] = "+18005550100",
                ["To"] = to,
                ["DeliveryStatus"] = status,
                ["DeliveryStatusDetails"] = status == "Delivered" ? "No error." : "Carrier rejected",
                ["ReceivedTimestamp"] = "2026-11-28T02:10:05.000Z",
                ["DeliveryAttempts"] = new JsonArray(new JsonObject { ["Timestamp"] = "2026-11-28T02:10:04Z", ["SegmentsSucceeded"] = 1, ["SegmentsFailed"] = 0 }),
                ["Tag"] = tag,
            },
            ["dataVersion"] = "1.0",
            ["metadataVersion"] = "1",
            ["eventTime"] = "2026-11-28T02:10:05Z",
        };

    /// <summary>Runs the <c>SmsEvents</c> queue Function on the event now and waits for it (the admin endpoint), as if the queue delivered it.</summary>
    public static Task DeliverAsync(TestDesk desk, JsonObject e) => desk.RunFunctionAsync("SmsEvents", e.ToJsonString());

    /// <summary>Puts the event on the desk's <c>sms-events</c> queue (base64, as Event Grid writes it) for the queue trigger to pick up.</summary>
    public static async Task EnqueueAsync(TestDesk desk, JsonObject e) =>
        await desk.Storage.Queue(StorageNames.SmsEventsQueue).SendMessageAsync(e.ToJsonString());
}
