using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Tickets;

/// <summary>A ticket change proposed by <see cref="TicketUpdates.RetryAsync"/>'s caller: the new ticket and the history entries to append.</summary>
public sealed record TicketChange(Ticket Ticket, IReadOnlyList<HistoryEntry> History);

public static class TicketUpdates
{
    private const int Attempts = 5;

    /// <summary>
    /// Reads the ticket, lets <paramref name="decide"/> answer or change it, and writes the change under the ETag it read;
    /// on a concurrent change it reads again and decides again. <paramref name="decide"/> returns an outcome to answer
    /// without writing, or a change (with an optional outcome to answer once written; by default the written ticket).
    /// Side effects in <paramref name="decide"/> (queued SMS) must be safe to repeat: they carry deterministic ids.
    /// </summary>
    public static async Task<ActionOutcome> RetryAsync(this ITicketStore tickets, string id,
        Func<Versioned<Ticket>, Task<(ActionOutcome? Answer, TicketChange? Change)>> decide, CancellationToken ct)
    {
        if (await tickets.FindCommunityAsync(id, ct) is not { } community)
        {
            return new ActionOutcome.NotFound();
        }
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (await tickets.GetAsync(community, id, ct) is not { } current)
            {
                return new ActionOutcome.NotFound();
            }
            var (answer, change) = await decide(current);
            if (change is null)
            {
                return answer!;
            }
            if (await tickets.TryUpdateAsync(current, change.Ticket, change.History, ct) is { } written)
            {
                return answer ?? new ActionOutcome.Done(written);
            }
        }
        throw new InvalidOperationException($"Ticket {id} kept changing; try again.");
    }
}
