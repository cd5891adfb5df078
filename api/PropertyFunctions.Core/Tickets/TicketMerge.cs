using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Core.Tickets;

/// <summary>
/// Staff merge a duplicate into the ticket that goes on (same community, still open). The duplicate is cancelled and its
/// owner is told through their own ticket's link, never the other owner's; from then on they hear about the surviving
/// ticket's progress as a watcher, each SMS naming their own ticket.
/// </summary>
public sealed class TicketMerge(ITicketStore tickets, ISmsQueue queue, TicketSms sms, CommunityDirectory communities, TimeProvider time)
{
    public async Task<ActionOutcome> MergeAsync(string id, string? ifMatch, string intoId, Actor actor, CancellationToken ct)
    {
        if (await tickets.FindCommunityAsync(id, ct) is not { } community || await tickets.GetAsync(community, id, ct) is not { } duplicate)
        {
            return new ActionOutcome.NotFound();
        }
        if (ifMatch is not null && ifMatch != duplicate.ETag)
        {
            return new ActionOutcome.Stale(duplicate);
        }
        var d = duplicate.Value;
        if (!Lifecycle.MayAct(actor.Access, TicketActions.Merge, d.Community))
        {
            return new ActionOutcome.Refused("forbidden", duplicate);
        }
        if (!Lifecycle.IsAllowed(TicketActions.Merge, d.Status))
        {
            return new ActionOutcome.Refused("not_allowed", duplicate);
        }
        if (!TicketId.TryNormalize(intoId, out var targetId) || targetId == d.Id || await tickets.GetAsync(d.Community, targetId, ct) is not { } target
            || !Lifecycle.IsOpen(target.Value.Status))
        {
            return new ActionOutcome.Refused("merge_target", duplicate);
        }
        var now = time.GetUtcNow();
        // The surviving ticket first: if the duplicate's write then fails, its owner is merely told twice about the same work.
        var watchers = target.Value.Watchers.Append(new Watcher(d.Id, d.Phone, d.Language)).Concat(d.Watchers)
            .Where(w => w.Phone != target.Value.Phone).DistinctBy(w => w.Phone).ToList();
        var (kept, keptEntry) = (target.Value with { Watchers = watchers }).Append(now, actor.Id, actor.Channel, target.Value.Status,
            HistoryNote.Of("history.merged_duplicate", d.Id), isPublic: false);
        if (await tickets.TryUpdateAsync(target, kept, [keptEntry], ct) is null)
        {
            return new ActionOutcome.Stale(duplicate);
        }
        var (merged, entry) = (d with { MergedInto = targetId }).Append(now, actor.Id, actor.Channel, TicketStatuses.Cancelled,
            HistoryNote.Of("history.merged_into", targetId), isPublic: true);
        foreach (var message in sms.Merged(d, await communities.GetAsync(d.Community, ct), targetId))
        {
            await queue.EnqueueSmsAsync(message, null, ct);
        }
        return await tickets.TryUpdateAsync(duplicate, merged, [entry], ct) is { } written
            ? new ActionOutcome.Done(written)
            : new ActionOutcome.Stale(await tickets.GetAsync(d.Community, d.Id, ct) ?? duplicate);
    }
}
