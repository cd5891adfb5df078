using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Core.Tickets;

/// <summary>A ticket change: the new ticket, the history entries to append and the outcomes of the SMS it sent (stored with it).</summary>
public sealed record TicketChange(Ticket Ticket, IReadOnlyList<HistoryEntry> History, IReadOnlyList<SmsRecord>? SmsOutcomes = null);

/// <summary>What an update decides about the ticket it read: answer without writing, or write a change (then answer).</summary>
public sealed record TicketDecision(ActionOutcome? Answer, TicketChange? Change)
{
    public static TicketDecision Write(TicketChange change, ActionOutcome? then = null) => new(then, change);

    public static implicit operator TicketDecision(ActionOutcome outcome) => new(outcome, null);
}

public static class TicketUpdates
{
    /// <summary>
    /// Reads the ticket, lets <paramref name="decide"/> answer or change it, and writes the change under the ETag it read.
    /// On a concurrent change it reads and decides again — unless <paramref name="ifMatch"/> pinned the version the caller
    /// saw (a console edit), which is then answered <see cref="ActionOutcome.Stale"/> with the ticket as it is now.
    /// Side effects in <paramref name="decide"/> (queued SMS) must be safe to repeat: they carry deterministic ids.
    /// </summary>
    public static async Task<ActionOutcome> UpdateAsync(this ITicketStore tickets, string id, string? ifMatch,
        Func<Versioned<Ticket>, Task<TicketDecision>> decide, CancellationToken ct) =>
        await tickets.FindCommunityAsync(id, ct) is { } community
            ? await tickets.UpdateAsync(community, id, ifMatch, decide, ct)
            : new ActionOutcome.NotFound();

    /// <inheritdoc cref="UpdateAsync(ITicketStore, string, string?, Func{Versioned{Ticket}, Task{TicketDecision}}, CancellationToken)"/>
    public static Task<ActionOutcome> UpdateAsync(this ITicketStore tickets, string community, string id, string? ifMatch,
        Func<Versioned<Ticket>, Task<TicketDecision>> decide, CancellationToken ct) =>
        Optimistic.RetryAsync<ActionOutcome>(async _ =>
        {
            // The whole record, in the one read a point read would cost: the answer shows the ticket as written without reading it again.
            if (await tickets.GetRecordAsync(community, id, ct) is not { } found)
            {
                return new ActionOutcome.NotFound();
            }
            var current = found.Ticket;
            if (ifMatch is not null && ifMatch != current.ETag)
            {
                return new ActionOutcome.Stale(current);
            }
            var decision = await decide(current);
            if (decision.Change is not { } change)
            {
                return decision.Answer!;
            }
            if (await tickets.TryUpdateAsync(current, change.Ticket, change.History, change.SmsOutcomes ?? [], ct) is { } written)
            {
                return decision.Answer ?? new ActionOutcome.Done(written, After(found, written, change));
            }
            // Someone changed it between our read and write: a pinned caller must look again; anyone else decides again.
            return ifMatch is null ? null : new ActionOutcome.Stale(await tickets.GetAsync(community, id, ct) ?? current);
        }, $"Ticket {id}");

    /// <summary>The record as this change left it: its history appended, its SMS with their outcomes.</summary>
    private static TicketRecord After(TicketRecord before, Versioned<Ticket> written, TicketChange change)
    {
        var outcomes = change.SmsOutcomes ?? [];
        var sms = before.Sms.Where(s => !outcomes.Any(o => o.Group == s.Group && o.Key == s.Key)).Concat(outcomes).OrderBy(s => s.FirstAttemptAt).ToList();
        return new TicketRecord(written, [.. before.History, .. change.History], sms);
    }
}
