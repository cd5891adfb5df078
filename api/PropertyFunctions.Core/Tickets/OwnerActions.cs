using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Core.Tickets;

/// <summary>What an owner does to their ticket (the tracking page, or a 1–5 SMS reply): rate it and escalate it.</summary>
public sealed class OwnerActions(ITicketStore tickets, ISmsQueue queue, SupervisorAlerts supervisors, CommunityDirectory communities, TimeProvider time)
{
    /// <summary>A score of 2 or less, or "not fixed", reopens the ticket and alerts the supervisor; otherwise it closes.</summary>
    public Task<ActionOutcome> RateAsync(string id, int score, bool? isFixed, string? comment, string channel, CancellationToken ct) =>
        tickets.UpdateAsync(id, ifMatch: null, async current =>
        {
            var t = current.Value;
            if (!Lifecycle.OwnerMayRate(t))
            {
                return new ActionOutcome.Refused("cannot_rate", current);
            }
            var now = time.GetUtcNow();
            t = t with { Score = score, Fixed = isFixed, FeedbackComment = comment };
            HistoryEntry entry;
            if (score <= 2 || isFixed == false)
            {
                t = t with { ResolvedAt = null, AcceptedBy = null, AcceptedByPhone = null, ArrivedAt = null, ReopenCount = t.ReopenCount + 1 };
                (t, entry) = t.Append(now, "owner", channel, TicketStatuses.Reopened,
                    HistoryNote.Of(isFixed == false ? "history.rated_not_fixed" : "history.rated_low", score).Then(HistoryNote.Reason(comment)), isPublic: true);
                await QueueAsync(await supervisors.ForAsync(t, await communities.GetAsync(t.Community, ct), now, $"low-score-{entry.Sequence}",
                    $"业主评价{score}分{(isFixed == false ? "/未修好" : "")}", ct), ct);
            }
            else
            {
                (t, entry) = t.Append(now, "owner", channel, TicketStatuses.Closed, HistoryNote.Of("history.rated", score).Then(HistoryNote.Reason(comment)), isPublic: true);
                t = t with { ClosedAt = now };
            }
            return TicketDecision.Write(new TicketChange(t, [entry]));
        }, ct);

    /// <summary>One step up the ladder: the desk alerts the supervisor at the first step; later steps show the owner whom to contact.</summary>
    public Task<ActionOutcome> EscalateAsync(string id, string reason, CancellationToken ct) =>
        tickets.UpdateAsync(id, ifMatch: null, async current =>
        {
            var t = current.Value;
            if (!Lifecycle.OwnerMayEscalate(t))
            {
                return new ActionOutcome.Refused("cannot_escalate", current);
            }
            var now = time.GetUtcNow();
            var level = t.EscalationLevel + 1;
            if (level == 1)
            {
                await QueueAsync(await supervisors.ForAsync(t, await communities.GetAsync(t.Community, ct), now, $"owner-escalation-{t.HistoryCount + 1}",
                    reason, ct), ct);
            }
            var status = level == 1 && Lifecycle.IsOpen(t.Status) ? TicketStatuses.Escalated : t.Status;
            (t, var entry) = (t with { EscalationLevel = level }).Append(now, "owner", Channels.Web, status,
                HistoryNote.Of("history.owner_escalated", new HistoryNote.Word("ladder." + level)).Then(HistoryNote.Reason(reason)), isPublic: true);
            return TicketDecision.Write(new TicketChange(t, [entry]));
        }, ct);

    private async Task QueueAsync(IEnumerable<OutgoingSms> sms, CancellationToken ct)
    {
        foreach (var message in sms)
        {
            await queue.EnqueueSmsAsync(message, null, ct);
        }
    }
}
