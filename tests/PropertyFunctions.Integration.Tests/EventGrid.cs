using System.Text;
using System.Text.Json.Nodes;

namespace PropertyFunctions.Integration.Tests;

/// <summary>Event Grid deliveries in the shapes the documentation shows (Event Grid schema).</summary>
public static class EventGrid
{
    public static JsonArray SmsReceived(string from, string message, string to = "+18005550100") =>
    [
        new JsonObject
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
        },
    ];

    public static JsonArray DeliveryReport(string tag, string status, string to) =>
    [
        new JsonObject
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
        },
    ];

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, JsonNode events, bool validation = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sms/events")
        {
            Content = new StringContent(events.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("aeg-event-type", validation ? "SubscriptionValidation" : "Notification");
        return await client.SendAsync(request);
    }
}
