using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Notices;
using PropertyFunctions.Core.Routing;

namespace PropertyFunctions.Api.Functions;

/// <summary>
/// A message that failed every attempt (host.json <c>maxDequeueCount</c>) is moved to <c>&lt;queue&gt;-poison</c>, where
/// nothing would look at it again. These handlers record each one where operators see it: the metric
/// <c>propertyfunctions.queue.poisoned</c> (the poison alert fires on any), an error log with the message's ids (event
/// <see cref="PoisonedEvent"/>), and, for a route message, the ticket's history. <c>sms-send-poison</c> is
/// <see cref="SmsFunctions.Poison"/>. Counted before anything else, so a poison message is never silent even while
/// storage is down (a retried handler may count it twice; an alert needs one).
/// </summary>
public sealed class PoisonFunctions(TicketRouter router, ILogger<PoisonFunctions> logger)
{
    public static readonly EventId PoisonedEvent = new(4601, "MessagePoisoned");

    [Function("TicketRoutePoison")]
    public async Task TicketRoute([QueueTrigger(StorageNames.TicketRouteQueue + StorageNames.PoisonSuffix)] string message, CancellationToken ct)
    {
        DeskMetrics.MessagePoisoned(StorageNames.TicketRouteQueue);
        if (Parse<RouteMessage>(message) is not { Community.Length: > 0, TicketId.Length: > 0 } route)
        {
            logger.LogError(PoisonedEvent, "A malformed message was moved to {Queue}", StorageNames.TicketRouteQueue + StorageNames.PoisonSuffix);
            return;
        }
        var failures = await router.RecordPoisonedAsync(route, ct);
        logger.LogError(PoisonedEvent,
            "The route message of ticket {TicketId} in {Community} was moved to {Queue}: routing failure {Failures} of {MaxFailures} before staff must dispatch it by hand",
            route.TicketId, route.Community, StorageNames.TicketRouteQueue + StorageNames.PoisonSuffix, failures, TicketRouter.MaxRouteFailures);
    }

    /// <summary>A page or plan of a notice broadcast: its households are not texted (the notice's figures show them pending).</summary>
    [Function("NoticeFanoutPoison")]
    public void NoticeFanout([QueueTrigger(StorageNames.NoticeFanoutQueue + StorageNames.PoisonSuffix)] string message)
    {
        DeskMetrics.MessagePoisoned(StorageNames.NoticeFanoutQueue);
        var fanout = Parse<NoticeFanoutMessage>(message);
        logger.LogError(PoisonedEvent,
            "A notice-fanout message (notice {NoticeId} in {Community}, version {Version}, building {Building}, from {Skip}) was moved to {Queue}; its households were not texted",
            fanout?.NoticeId, fanout?.Community, fanout?.Version, fanout?.Building ?? "(plan)", fanout?.Skip,
            StorageNames.NoticeFanoutQueue + StorageNames.PoisonSuffix);
    }

    /// <summary>An SMS event (a reply or a delivery report) that could not be handled. Only its id and type are logged: its data holds a phone and the text.</summary>
    [Function("SmsEventsPoison")]
    public void SmsEvents([QueueTrigger(StorageNames.SmsEventsQueue + StorageNames.PoisonSuffix)] string message)
    {
        DeskMetrics.MessagePoisoned(StorageNames.SmsEventsQueue);
        logger.LogError(PoisonedEvent, "SMS event(s) {Events} were moved to {Queue}; the replies or delivery reports in them were not applied",
            EventIds(message), StorageNames.SmsEventsQueue + StorageNames.PoisonSuffix);
    }

    /// <summary>A request for a sign-in code that could not be handled: the owner gets no code and may ask again. The phone is not logged.</summary>
    [Function("OwnerCodesPoison")]
    public void OwnerCodes([QueueTrigger(StorageNames.OwnerCodesQueue + StorageNames.PoisonSuffix)] string message)
    {
        DeskMetrics.MessagePoisoned(StorageNames.OwnerCodesQueue);
        var request = Parse<PropertyFunctions.Core.Home.OwnerCodeRequest>(message);
        logger.LogError(PoisonedEvent, "A request for a sign-in code in {Community} was moved to {Queue}; no code was sent",
            request?.Community, StorageNames.OwnerCodesQueue + StorageNames.PoisonSuffix);
    }

    private static T? Parse<T>(string message) where T : class => QueueWorkQueue.Read<T>(message);

    /// <summary>"type id" of each Event Grid event in the message (one event or an array), nothing of its data.</summary>
    private static string EventIds(string message)
    {
        try
        {
            using var doc = JsonDocument.Parse(message);
            var events = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().ToList() : [doc.RootElement];
            return string.Join(", ", events.Select(e => $"{Text(e, "eventType") ?? Text(e, "type") ?? "?"} {Text(e, "id") ?? "?"}"));
        }
        catch (JsonException)
        {
            return "(malformed)";
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
