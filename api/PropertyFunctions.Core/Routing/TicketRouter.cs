using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Configuration;
using PropertyFunctions.Core.Ports;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Routing;

/// <summary>
/// Handles a ticket-route message: classifies the ticket and records the department and priority.
/// Idempotent: a ticket already routed is left alone, so a redelivered message changes nothing.
/// </summary>
public sealed class TicketRouter(ITicketStore tickets, Classifier classifier, DeskOptions options, TimeProvider time, ILogger<TicketRouter> logger)
{
    private const int ConcurrencyAttempts = 5;
    private readonly TimeZoneInfo _zone = options.Zone();

    public async Task RouteAsync(RouteMessage message, CancellationToken ct)
    {
        for (var attempt = 0; attempt < ConcurrencyAttempts; attempt++)
        {
            var current = await tickets.GetAsync(message.Community, message.TicketId, ct);
            if (current is null)
            {
                logger.LogWarning("Route message for unknown ticket {TicketId} in {Community} dropped", message.TicketId, message.Community);
                return;
            }
            var ticket = current.Value;
            if (ticket.RoutedAt is not null)
            {
                logger.LogInformation("Ticket {TicketId} already routed; redelivery ignored", ticket.Id);
                return;
            }

            var now = time.GetUtcNow();
            var localCreated = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(ticket.CreatedAt, _zone).DateTime);
            var c = classifier.Classify(ticket.Kind, ticket.Category, ticket.Description, ticket.Emergency, localCreated);
            var routed = ticket with
            {
                Department = c.Department,
                Priority = c.Priority,
                Emergency = ticket.Emergency || c.EmergencyDetected,
                RoutedAt = now,
                UpdatedAt = now,
                HistoryCount = ticket.HistoryCount + 1,
            };
            var entry = new HistoryEntry(routed.HistoryCount, now, "system", Channels.System, ticket.Status, ticket.Status,
                $"classified: {c.Department}, {c.Priority} ({c.Reason})", Public: false);
            if (await tickets.TryUpdateAsync(current, routed, [entry], ct))
            {
                logger.LogInformation("Ticket {TicketId} routed to {Department} as {Priority} ({Reason})", ticket.Id, c.Department, c.Priority, c.Reason);
                // Dispatch to people (SMS) attaches here: see the dispatch issue.
                return;
            }
        }
        throw new InvalidOperationException($"Ticket {message.TicketId} kept changing while being routed; the queue will retry.");
    }
}

/// <summary>The safety net: re-queues tickets stored but never routed (an enqueue that failed after the write).</summary>
public sealed class UnroutedSweep(ITicketStore tickets, IWorkQueue queue, TimeProvider time, ILogger<UnroutedSweep> logger)
{
    /// <summary>Tickets younger than this are probably still in the queue; leave them be.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var count = 0;
        await foreach (var ticket in tickets.FindUnroutedAsync(time.GetUtcNow() - Grace, ct))
        {
            await queue.EnqueueRouteAsync(new RouteMessage(ticket.Community, ticket.Id), delay: null, ct);
            count++;
        }
        if (count > 0)
        {
            logger.LogWarning("Re-queued {Count} ticket(s) that were stored but never routed", count);
        }
        return count;
    }
}
