using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Routing;
using PropertyFunctions.Core.Watch;

namespace PropertyFunctions.Api.Functions;

/// <summary>Queue and timer work around routing.</summary>
public sealed class RoutingFunctions(TicketRouter router, UnroutedSweep sweep, ServiceLevelWatcher watcher, TimeProvider time,
    ILogger<RoutingFunctions> logger)
{
    [Function("RouteTicket")]
    public async Task Route([QueueTrigger(StorageNames.TicketRouteQueue)] string message, CancellationToken ct)
    {
        var parsed = QueueWorkQueue.Read<RouteMessage>(message);
        if (parsed is null || string.IsNullOrEmpty(parsed.Community) || (string.IsNullOrEmpty(parsed.TicketId) && string.IsNullOrEmpty(parsed.PageBuilding)))
        {
            // Retrying cannot fix a malformed message; log it and let it go.
            logger.LogError("Malformed ticket-route message dropped");
            return;
        }
        await router.RouteAsync(parsed, ct);
    }

    /// <summary>
    /// Every five minutes: re-queues tickets left in 'received' (the safety net), then raises service-level
    /// reminders and escalations and closes resolved tickets nobody complained about.
    /// </summary>
    [Function("ServiceLevelWatch")]
    public async Task Watch([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var requeued = await sweep.RunAsync(ct);
        var acted = await watcher.RunAsync(ServiceLevelWatcher.WatchSteps, ct);
        // Its count is the heartbeat the "no ServiceLevelWatch run" alert watches.
        DeskMetrics.WatchRan("ServiceLevelWatch", time.GetElapsedTime(started));
        logger.LogInformation("ServiceLevelWatch: {Requeued} ticket(s) re-queued, {Acted} acted on", requeued, acted);
    }

    /// <summary>Hourly: the satisfaction callback (回访) for resolved tickets still unrated after a day, in the daytime only.</summary>
    [Function("SatisfactionCallbacks")]
    public async Task Callbacks([TimerTrigger("0 5 * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var sent = await watcher.RunAsync(ServiceLevelWatcher.CallbackSteps, ct);
        DeskMetrics.WatchRan("SatisfactionCallbacks", time.GetElapsedTime(started));
        logger.LogInformation("SatisfactionCallbacks: {Sent} callback(s) sent", sent);
    }
}
