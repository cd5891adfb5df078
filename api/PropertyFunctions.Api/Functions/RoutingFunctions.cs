using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Ports;
using PropertyFunctions.Core.Routing;

namespace PropertyFunctions.Api.Functions;

/// <summary>Queue and timer work around routing.</summary>
public sealed class RoutingFunctions(TicketRouter router, UnroutedSweep sweep, ILogger<RoutingFunctions> logger)
{
    [Function("RouteTicket")]
    public async Task Route([QueueTrigger(StorageNames.TicketRouteQueue)] string message, CancellationToken ct)
    {
        RouteMessage? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<RouteMessage>(message, QueueWorkQueue.Json);
        }
        catch (JsonException ex)
        {
            // Retrying cannot fix a malformed message; log it and let it go.
            logger.LogError(ex, "Malformed ticket-route message dropped");
            return;
        }
        if (parsed is null || string.IsNullOrEmpty(parsed.Community) || string.IsNullOrEmpty(parsed.TicketId))
        {
            logger.LogError("Incomplete ticket-route message dropped");
            return;
        }
        await router.RouteAsync(parsed, ct);
    }

    /// <summary>Every five minutes: the service-level watch. For now its safety-net sweep of tickets left in 'received'.</summary>
    [Function("ServiceLevelWatch")]
    public async Task Watch([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var requeued = await sweep.RunAsync(ct);
        logger.LogInformation("ServiceLevelWatch: {Requeued} stranded ticket(s) re-queued", requeued);
    }
}
