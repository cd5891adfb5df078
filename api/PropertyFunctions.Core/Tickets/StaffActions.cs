using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Roster;

namespace PropertyFunctions.Core.Tickets;

/// <summary>
/// Staff work a ticket (console, SMS reply or task page): every change goes through <see cref="Lifecycle"/>, appends history with who
/// and how, and tells the people concerned by SMS, queued before the ticket is written with deterministic ids so a retried
/// action never sends twice. A console action carries the ETag it saw and is refused with the current state when stale; an
/// SMS reply is simply decided again on the fresh state.
/// </summary>
public sealed class StaffActions(
    ITicketStore tickets,
    IRosterStore rosters,
    SmsOutbox outbox,
    TicketSms sms,
    SupervisorAlerts supervisors,
    TicketMerge merge,
    CommunityDirectory communities,
    ServiceLevels levels,
    TimeProvider time,
    ILogger<StaffActions> logger)
{
    /// <summary>The longest expected arrival a technician may give when setting off (出发), in minutes.</summary>
    public const int MaxEtaMinutes = 480;

    /// <param name="precondition">
    /// Checked on the ticket as it is read (again on every retry), before anything else: an answer stops the action. The task page
    /// uses it so a link reassigned away, or a ticket someone else took, cannot be acted on however the requests interleave.
    /// </param>
    public async Task<ActionOutcome> ApplyAsync(string id, string? ifMatch, ActionRequest request, Actor actor, CancellationToken ct,
        Func<Versioned<Ticket>, ActionOutcome?>? precondition = null)
    {
        if (Validate(request) is { Count: > 0 } errors)
        {
            return new ActionOutcome.Invalid(errors);
        }
        if (request.Action == TicketActions.Merge)
        {
            return await merge.MergeAsync(id, ifMatch, request.MergeInto!, actor, ct);
        }
        var outcome = await tickets.UpdateAsync(id, ifMatch, current => precondition?.Invoke(current) is { } refusal
            ? Task.FromResult<TicketDecision>(refusal)
            : DecideAsync(current, request, actor, ct), ct);
        // Timed once, at the first acceptance: a reopened ticket accepted again keeps its first time.
        if (request.Action == TicketActions.Accept && outcome is ActionOutcome.Done { Ticket.Value: { DispatchedAt: { } dispatched, AcceptedAt: { } accepted } t }
            && t.FirstAcceptedAt == accepted)
        {
            DeskMetrics.TicketAccepted(accepted - dispatched, t.Emergency, t.Department);
        }
        return outcome;
    }

    private async Task<TicketDecision> DecideAsync(Versioned<Ticket> current, ActionRequest request, Actor actor, CancellationToken ct)
    {
        var t = current.Value;
        var action = request.Action;
        if (!Lifecycle.MayAct(actor.Access, action, t.Community))
        {
            return new ActionOutcome.Refused("forbidden", current);
        }
        if (!Lifecycle.IsAllowed(action, t.Status))
        {
            // Accepting what someone already accepted (a repeated SMS) is not an error worth an answer.
            var code = action == TicketActions.Accept && t.AcceptedBy is not null ? "already_taken" : "not_allowed";
            return new ActionOutcome.Refused(code, current);
        }
        var community = await communities.GetAsync(t.Community, ct);
        var now = time.GetUtcNow();
        if (actor.Channel == Channels.Sms && !await MayReplyAsync(t, actor, community, now, ct))
        {
            return new ActionOutcome.Refused("not_dispatched", current);
        }
        var outgoing = new List<OutgoingSms>();
        var target = Lifecycle.Target(action) ?? t.Status;
        HistoryNote? note = request.Note;
        var isPublic = request.Public;
        var seq = t.HistoryCount + 1; // makes the SMS ids of this step unique and stable across retries
        switch (action)
        {
            case TicketActions.Accept:
                var first = t.FirstAcceptedAt is null;
                t = t with
                {
                    AcceptedBy = actor.Name, AcceptedByPhone = actor.Phone, AcceptedAt = now, FirstAcceptedAt = t.FirstAcceptedAt ?? now,
                    FirstAcceptedBy = first ? actor.Name : t.FirstAcceptedBy, FirstAcceptedByPhone = first ? actor.Phone : t.FirstAcceptedByPhone,
                };
                note ??= HistoryNote.Of("history.accepted", actor.Name);
                isPublic = true;
                outgoing.AddRange(sms.Accepted(t, community, actor.Name, levels.ExpectedArrival(t.Emergency)));
                outgoing.AddRange(t.DispatchedTo.Where(p => p != actor.Phone).Select(p => sms.Taken(t, community, actor.Name, p)));
                break;
            case TicketActions.Depart:
                var eta = TimeSpan.FromMinutes(request.EtaMinutes!.Value);
                note = HistoryNote.Of("history.departed", actor.Name, new HistoryNote.Minutes(request.EtaMinutes.Value)).Then(HistoryNote.Aside(request.Note));
                isPublic = true;
                outgoing.AddRange(sms.OnMyWay(t, community, actor.Name, eta, $"on-my-way-{seq}"));
                break;
            case TicketActions.Arrive:
                if (t.ArrivedAt is not null)
                {
                    return new ActionOutcome.Refused("already_arrived", current);
                }
                t = t with { ArrivedAt = now, FirstArrivedAt = t.FirstArrivedAt ?? now };
                note = HistoryNote.Of("history.arrived", actor.Name).Then(HistoryNote.Aside(request.Note));
                isPublic = true;
                break;
            case TicketActions.Help:
                var reason = request.Note ?? Messages.Get("history.help_default", Language.Chinese);
                outgoing.AddRange(await supervisors.ForAsync(t, community, now, $"help-{seq}", $"{actor.Name}需协助：{reason}", ct));
                note = request.Note is null
                    ? HistoryNote.Of("history.help", actor.Name, new HistoryNote.Word("history.help_default"))
                    : HistoryNote.Of("history.help", actor.Name, request.Note);
                isPublic = false;
                break;
            case TicketActions.Resolve:
                t = t with { ResolvedAt = now };
                note ??= HistoryNote.Of("history.resolved");
                isPublic = true;
                outgoing.AddRange(sms.Resolved(t, community));
                break;
            case TicketActions.Reassign:
                var department = request.Department ?? t.Department!;
                var roster = await rosters.GetAsync(t.Community, ct);
                var people = request.Assignee is { } assignee
                    ? roster.Where(s => s.Phone == assignee || s.Name == assignee).ToList()
                    : DutyRoster.Pick(roster, department, t.Emergency, now, community.Hours).People.ToList();
                if (people.Count == 0)
                {
                    return new ActionOutcome.Refused("nobody_to_assign", current);
                }
                t = t with
                {
                    Department = people[0].Department, DispatchedTo = people.Select(p => p.Phone).ToList(), DispatchedAt = now, DispatchSequence = seq,
                    AcceptedBy = null, AcceptedByPhone = null,
                };
                outgoing.AddRange(await sms.DispatchAsync(t, community, people, seq, $"dispatch-{seq}", ct));
                note = HistoryNote.Of("history.reassigned", string.Join("、", people.Select(p => p.Name))).Then(HistoryNote.Aside(request.Note));
                break;
            case TicketActions.Escalate:
                t = t with { EscalationLevel = Math.Max(t.EscalationLevel, 1) };
                outgoing.AddRange(await supervisors.ForAsync(t, community, now, $"escalation-{seq}", request.Note ?? "staff escalation", ct));
                break;
            case TicketActions.Close:
                t = t with { ClosedAt = now };
                break;
            case TicketActions.Reopen:
                t = t with { ResolvedAt = null, ClosedAt = null, AcceptedBy = null, AcceptedByPhone = null, ArrivedAt = null, ReopenCount = t.ReopenCount + 1 };
                isPublic = true;
                break;
            case TicketActions.Outcome:
                t = t with { Outcome = request.Outcome };
                note = HistoryNote.Of("history.outcome", request.Outcome!.Responsibility, request.Outcome.Repair)
                    .Then(request.Outcome.Compensation is { } c ? HistoryNote.Of("history.compensation", c) : null);
                isPublic = true;
                break;
        }

        (t, var entry) = t.Append(now, actor.Id, actor.Channel, target, note, isPublic);
        var sent = await outbox.SendAsync(outgoing, ct);
        if (action == TicketActions.Resolve && t.Phone.Length > 0)
        {
            // So an SMS reply "1"–"5" from the owner finds this ticket. Indexed before the write: a retry indexes again, harmlessly.
            await tickets.IndexForRatingAsync(t.Phone, t.Community, t.Id, ct);
        }
        logger.LogInformation("Ticket {TicketId}: {Action} by {Actor} via {Channel} ({From} → {To})", t.Id, action, actor.Id, actor.Channel,
            current.Value.Status, target);
        return TicketDecision.Write(new TicketChange(t, [entry], sent));
    }

    /// <summary>
    /// An SMS reply acts only for the people a ticket was dispatched to and the duty supervisor: any other phone on the
    /// roster (or anyone who learnt a ticket id) cannot take or finish someone else's work by texting.
    /// </summary>
    private async Task<bool> MayReplyAsync(Ticket t, Actor actor, Community community, DateTimeOffset now, CancellationToken ct)
    {
        if (actor.Phone is null)
        {
            return false;
        }
        if (t.DispatchedTo.Contains(actor.Phone))
        {
            return true;
        }
        var roster = await rosters.GetAsync(t.Community, ct);
        return DutyRoster.DutySupervisor(roster, roster.Where(s => s.OnDutyAt(now, community.Hours)).ToList(), emergency: true)?.Phone == actor.Phone;
    }

    private static List<FieldError> Validate(ActionRequest r)
    {
        var e = new ErrorList();
        e.OneOf("action", r.Action, TicketActions.All, required: true);
        e.Text("note", r.Note, 500, required: r.Action == TicketActions.Note, multiline: true);
        e.OneOf("department", r.Department, Departments.All, required: false);
        if (r.Action == TicketActions.Depart && r.EtaMinutes is not (>= 1 and <= MaxEtaMinutes))
        {
            e.Add("eta", "number_range", 1, MaxEtaMinutes);
        }
        if (r.Action == TicketActions.Merge)
        {
            e.Text("mergeInto", r.MergeInto, 20, required: true);
        }
        if (r.Action == TicketActions.Outcome)
        {
            e.Text("outcome.responsibility", r.Outcome?.Responsibility, 200, required: true);
            e.Text("outcome.repair", r.Outcome?.Repair, 200, required: true);
            e.Text("outcome.compensation", r.Outcome?.Compensation, 200, required: false);
        }
        return e.Errors.ToList();
    }
}
