using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Notices;
using PropertyFunctions.Core.Routing;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Intake;

/// <summary>
/// What follows a ticket that an outage notice answered at intake: the owner may say their case is different, which hands it
/// to a person; and when the notice is updated or withdrawn, the owners it answered hear about it once.
/// </summary>
public sealed class NoticeAnswers(
    ITicketStore tickets,
    IRouteQueue routeQueue,
    ISmsQueue smsQueue,
    TicketSms sms,
    CommunityDirectory communities,
    TimeProvider time,
    ILogger<NoticeAnswers> logger)
{
    /// <summary>
    /// The owner says the notice does not explain their problem: the ticket opens again as a new one (routed, acknowledged once,
    /// dispatched as usual) and no longer counts as answered by the notice. A repeated request finds it open and queues it again,
    /// which the router ignores once it has moved on.
    /// </summary>
    public async Task<ActionOutcome> ReopenForPersonAsync(string id, string? reason, CancellationToken ct)
    {
        var outcome = await tickets.UpdateAsync(id, ifMatch: null, current =>
        {
            var t = current.Value;
            if (t.AnsweredByNotice is null || t.Status != TicketStatuses.Closed)
            {
                return Task.FromResult<TicketDecision>(t.Status == TicketStatuses.Received && t.RoutedAt is null
                    ? new ActionOutcome.Done(current)
                    : new ActionOutcome.Refused("not_answered_by_notice", current));
            }
            var now = time.GetUtcNow();
            var note = HistoryNote.Of("history.notice_differs", t.AnsweredByNotice!).Then(HistoryNote.Reason(reason));
            // RoutedAt cleared: routing starts over, and the sweep re-queues it should the queue message below be lost.
            var (reopened, entry) = (t with { AnsweredByNotice = null, ClosedAt = null, RoutedAt = null, ReopenCount = t.ReopenCount + 1 })
                .Append(now, "owner", Channels.Web, TicketStatuses.Received, note, isPublic: true);
            return Task.FromResult(TicketDecision.Write(new TicketChange(reopened, [entry])));
        }, ct);
        if (outcome is ActionOutcome.Done done)
        {
            await routeQueue.EnqueueRouteAsync(new RouteMessage(done.Ticket.Value.Community, done.Ticket.Value.Id), delay: null, ct);
            logger.LogInformation("Ticket {TicketId} handed to a person: its owner says the notice does not answer it", id);
        }
        return outcome;
    }

    /// <summary>
    /// Tells each owner the notice answered (one SMS per phone, about their latest such ticket) what changed: the update of this
    /// version, or that it was withdrawn. The SMS ids follow the notice's version, so telling again never texts anyone twice.
    /// </summary>
    public async Task<int> TellAsync(Notice notice, CancellationToken ct)
    {
        var withdrawn = notice.Status == NoticeStatuses.Withdrawn;
        var update = notice.Updates.LastOrDefault(u => u.Version == notice.Version);
        if (!withdrawn && update is null)
        {
            return 0;
        }
        var community = await communities.GetAsync(notice.Community, ct);
        var answered = await tickets.AnsweredByNoticeAsync(notice.Community, notice.Id, ct);
        var told = 0;
        foreach (var latest in answered.GroupBy(t => t.Phone).Select(g => g.MaxBy(t => t.CreatedAt)!))
        {
            foreach (var message in sms.AnsweringNoticeChanged(latest, community, notice.Title, withdrawn ? null : update!.Text,
                withdrawn ? "notice-withdrawn" : $"notice-v{notice.Version}"))
            {
                await smsQueue.EnqueueSmsAsync(message, null, ct);
                told++;
            }
        }
        logger.LogInformation("Notice {NoticeId} v{Version} ({Status}): {Count} owner(s) it answered told", notice.Id, notice.Version, notice.Status, told);
        return told;
    }
}
