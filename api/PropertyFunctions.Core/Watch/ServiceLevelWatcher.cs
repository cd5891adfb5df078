using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Roster;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Watch;

/// <summary>
/// The timers' work on tickets: service-level reminders and escalations, the emergency ladder (<see cref="EmergencyLadder"/>),
/// auto-close, and satisfaction callbacks. Pages through active tickets; each step is written with the ticket's ETag and its SMS carry
/// deterministic ids, so an interrupted or repeated run raises nothing twice.
/// </summary>
public sealed class ServiceLevelWatcher(
    ITicketStore tickets,
    ISmsQueue queue,
    TicketSms ticketSms,
    SupervisorAlerts supervisors,
    EmergencyLadder ladder,
    CommunityDirectory communities,
    ServiceLevels levels,
    TimeProvider time,
    ILogger<ServiceLevelWatcher> logger)
{
    public static readonly IReadOnlySet<ServiceLevelStep> WatchSteps = new HashSet<ServiceLevelStep>
    {
        ServiceLevelStep.RemindDepartment, ServiceLevelStep.EscalateAccept, ServiceLevelStep.PageEmergency, ServiceLevelStep.EscalateResolve,
        ServiceLevelStep.AutoClose,
    };

    public static readonly IReadOnlySet<ServiceLevelStep> CallbackSteps = new HashSet<ServiceLevelStep> { ServiceLevelStep.SendCallback };

    /// <summary>Takes the steps in <paramref name="steps"/> that are due; returns how many tickets were acted on.</summary>
    public async Task<int> RunAsync(IReadOnlySet<ServiceLevelStep> steps, CancellationToken ct)
    {
        var count = 0;
        await foreach (var current in tickets.ScanActiveAsync(ct))
        {
            var now = time.GetUtcNow();
            var community = await communities.GetAsync(current.Value.Community, ct);
            var step = new ServiceLevelPolicy(levels, community.Hours).NextStep(current.Value, now);
            if (steps.Contains(step) && await ApplyAsync(current, community, step, now, ct))
            {
                count++;
            }
        }
        return count;
    }

    private async Task<bool> ApplyAsync(Versioned<Ticket> current, Community community, ServiceLevelStep step, DateTimeOffset now, CancellationToken ct)
    {
        var t = current.Value;
        var sms = new List<OutgoingSms>();
        HistoryNote note;
        var status = t.Status;
        var isPublic = false;
        switch (step)
        {
            case ServiceLevelStep.RemindDepartment:
                t = t with { AcceptAlert = 1 };
                note = HistoryNote.Of("history.sla_remind");
                sms.AddRange(await ticketSms.AcceptRemindersAsync(t, community, "sla-remind", ct));
                break;
            case ServiceLevelStep.EscalateAccept:
                t = t with { AcceptAlert = 2, EscalationLevel = Math.Max(t.EscalationLevel, 1) };
                note = HistoryNote.Of("history.sla_escalate_accept");
                sms.AddRange(await supervisors.ForAsync(t, community, now, "sla-accept", note.Render(Language.Chinese), ct));
                break;
            case ServiceLevelStep.PageEmergency:
                var page = await ladder.PageAsync(t, community, now, ct);
                (t, note) = (page.Ticket, page.Note);
                sms.AddRange(page.Sms);
                break;
            case ServiceLevelStep.EscalateResolve:
                t = t with { ResolveAlerted = true, EscalationLevel = Math.Max(t.EscalationLevel, 1) };
                note = HistoryNote.Of("history.sla_escalate_resolve");
                sms.AddRange(await supervisors.ForAsync(t, community, now, "sla-resolve", note.Render(Language.Chinese), ct));
                break;
            case ServiceLevelStep.AutoClose:
                t = t with { ClosedAt = now };
                status = TicketStatuses.Closed;
                note = HistoryNote.Of("history.auto_close");
                isPublic = true;
                break;
            case ServiceLevelStep.SendCallback:
                t = t with { CallbackSentAt = now };
                note = HistoryNote.Of("history.callback_sent");
                sms.AddRange(ticketSms.Callback(t, community));
                break;
            default:
                return false;
        }
        if (t.SmsHeld)
        {
            // Held by the abuse policy: the step is recorded, but nobody is texted about it.
            sms.Clear();
        }
        (t, var entry) = t.Append(now, "system", Channels.System, status, note, isPublic);
        foreach (var message in sms)
        {
            await queue.EnqueueSmsAsync(message, null, ct);
        }
        var written = await tickets.TryUpdateAsync(current, t, [entry], ct) is not null;
        if (written)
        {
            logger.LogInformation("Ticket {TicketId}: {Step}", t.Id, step);
            Count(t, step);
        }
        // A lost ETag race means someone just worked the ticket: the next run looks again.
        return written;
    }

    private void Count(Ticket t, ServiceLevelStep step)
    {
        switch (step)
        {
            case ServiceLevelStep.RemindDepartment:
                DeskMetrics.ServiceLevelBreach("remind_department", t.Emergency);
                break;
            case ServiceLevelStep.EscalateAccept:
                DeskMetrics.ServiceLevelBreach("escalate_accept", t.Emergency);
                break;
            case ServiceLevelStep.EscalateResolve:
                DeskMetrics.ServiceLevelBreach("escalate_resolve", t.Emergency);
                break;
            case ServiceLevelStep.PageEmergency when t.EmergencyPages == 1:
                // The ladder's first page is the emergency's supervisor escalation.
                DeskMetrics.ServiceLevelBreach("escalate_accept", t.Emergency);
                break;
            case ServiceLevelStep.PageEmergency when t.EmergencyPages == EmergencyLadder.LastLevel:
                // Everyone the roster has was paged: the operators' alert on this metric is the step beyond the ladder.
                DeskMetrics.EmergencyUnanswered(t.Community);
                logger.LogCritical("Emergency {TicketId} in {Community} is still unaccepted after its ladder's last level was paged", t.Id, t.Community);
                break;
        }
    }
}
