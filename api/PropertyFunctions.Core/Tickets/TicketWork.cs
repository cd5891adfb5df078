using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Roster;

namespace PropertyFunctions.Core.Tickets;

/// <summary>Who is acting and through which channel; recorded on every history entry.</summary>
public sealed record Actor(string Id, string Name, string Channel, string? Phone = null)
{
    public static Actor System { get; } = new("system", "system", Channels.System);
}

/// <summary>A staff action (POST /api/staff/tickets/{id}/actions).</summary>
public sealed record ActionRequest(
    string Action,
    string? Department = null,
    string? Assignee = null,
    string? Note = null,
    bool Public = false,
    string? MergeInto = null,
    MediationOutcome? Outcome = null);

public abstract record ActionOutcome
{
    public sealed record Done(Versioned<Ticket> Ticket) : ActionOutcome;
    public sealed record NotFound : ActionOutcome;
    /// <summary>The caller's ETag is stale: here is the current state.</summary>
    public sealed record Stale(Versioned<Ticket> Current) : ActionOutcome;
    /// <summary>Not allowed from the current status (or already taken); <paramref name="Code"/> is a message code.</summary>
    public sealed record Refused(string Code, Versioned<Ticket> Current) : ActionOutcome;
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : ActionOutcome;
    /// <summary>An owner may now upload a photo (<see cref="TicketPhotos"/>).</summary>
    public sealed record UploadReady(PhotoUpload Upload) : ActionOutcome;
}

/// <summary>
/// Works tickets through their life: every change goes through the state machine, appends history with
/// who and how, and tells the people concerned by SMS (queued before the ticket is written, with
/// deterministic ids, so a retried action never sends twice). Concurrency: ETags; a stale console
/// update is refused with the current state, an SMS reply is simply retried on the fresh state.
/// </summary>
public sealed class TicketWork(
    ITicketStore tickets,
    IRosterStore rosters,
    ISmsQueue queue,
    TicketSms ticketSms,
    DeskOptions options,
    ServiceLevels levels,
    TimeProvider time,
    ILogger<TicketWork> logger)
{
    private const int Attempts = 5;
    private readonly TimeZoneInfo _zone = options.Zone();

    public async Task<ActionOutcome> ApplyAsync(string id, string? ifMatch, ActionRequest request, Actor actor, CancellationToken ct)
    {
        if (Validate(request) is { Count: > 0 } errors)
        {
            return new ActionOutcome.Invalid(errors);
        }
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
            if (ifMatch is not null && ifMatch != current.ETag)
            {
                return new ActionOutcome.Stale(current);
            }
            var outcome = await TryApplyAsync(current, request, actor, ct);
            if (outcome is not null)
            {
                return outcome;
            }
            if (ifMatch is not null)
            {
                // Someone changed it between our read and write: the console must look again.
                return new ActionOutcome.Stale(await tickets.GetAsync(community, id, ct) ?? current);
            }
        }
        throw new InvalidOperationException($"Ticket {id} kept changing; try again.");
    }

    /// <summary>Null when the write lost an ETag race.</summary>
    private async Task<ActionOutcome?> TryApplyAsync(Versioned<Ticket> current, ActionRequest request, Actor actor, CancellationToken ct)
    {
        var t = current.Value;
        var action = request.Action;
        if (!Lifecycle.IsAllowed(action, t.Status))
        {
            // Accepting what you already accepted (a repeated SMS) is not an error worth an answer.
            var code = action == TicketActions.Accept && t.AcceptedBy is not null ? "already_taken" : "not_allowed";
            return new ActionOutcome.Refused(code, current);
        }
        var now = time.GetUtcNow();
        var sms = new List<OutgoingSms>();
        var entries = new List<HistoryEntry>();
        var target = Lifecycle.Target(action) ?? t.Status;
        var note = request.Note;
        var isPublic = request.Public;
        var seq = t.HistoryCount + 1; // makes the SMS ids of this step unique and stable across retries
        switch (action)
        {
            case TicketActions.Accept:
                t = t with { AcceptedBy = actor.Name, AcceptedByPhone = actor.Phone, AcceptedAt = now, FirstAcceptedAt = t.FirstAcceptedAt ?? now };
                note ??= actor.Name + " 已接单";
                isPublic = true;
                sms.AddRange(ticketSms.Accepted(t, actor.Name, levels.ExpectedArrival(t.Emergency)));
                sms.AddRange(t.DispatchedTo.Where(p => p != actor.Phone).Select(p => ticketSms.Taken(t.Id, actor.Name, p)));
                break;
            case TicketActions.Resolve:
                t = t with { ResolvedAt = now };
                note ??= "已处理完毕";
                isPublic = true;
                sms.AddRange(ticketSms.Resolved(t));
                break;
            case TicketActions.Reassign:
                var department = request.Department ?? t.Department!;
                var roster = await rosters.GetAsync(t.Community, ct);
                var people = request.Assignee is { } assignee
                    ? roster.Where(s => s.Phone == assignee || s.Name == assignee).ToList()
                    : DutyRoster.Pick(roster, department, t.Emergency, now, OfficeHours.Default(_zone)).People.ToList();
                if (people.Count == 0)
                {
                    return new ActionOutcome.Refused("nobody_to_assign", current);
                }
                t = t with { Department = people[0].Department, DispatchedTo = people.Select(p => p.Phone).ToList(), DispatchedAt = now, DispatchSequence = seq, AcceptedBy = null, AcceptedByPhone = null };
                sms.AddRange(await ticketSms.DispatchAsync(t, people, seq, $"dispatch-{seq}", ct));
                note = $"改派：{string.Join("、", people.Select(p => p.Name))}" + (note is null ? "" : $"（{note}）");
                break;
            case TicketActions.Escalate:
                t = t with { EscalationLevel = Math.Max(t.EscalationLevel, 1) };
                sms.AddRange(SupervisorAlert(t, await rosters.GetAsync(t.Community, ct), now, $"escalation-{seq}", note ?? "staff escalation"));
                break;
            case TicketActions.Close:
                t = t with { ClosedAt = now };
                break;
            case TicketActions.Reopen:
                t = t with { ResolvedAt = null, ClosedAt = null, AcceptedBy = null, AcceptedByPhone = null, ReopenCount = t.ReopenCount + 1 };
                isPublic = true;
                break;
            case TicketActions.Outcome:
                t = t with { Outcome = request.Outcome };
                note = $"协调结果：责任 {request.Outcome!.Responsibility}；维修 {request.Outcome.Repair}" +
                    (request.Outcome.Compensation is { } c ? $"；补偿 {c}" : "");
                isPublic = true;
                break;
            case TicketActions.Merge:
                return await MergeAsync(current, request.MergeInto!, actor, now, ct);
        }

        (t, var entry) = t.Append(now, actor.Id, actor.Channel, target, note, isPublic);
        entries.Add(entry);
        foreach (var message in sms)
        {
            await queue.EnqueueSmsAsync(message, null, ct);
        }
        if (await tickets.TryUpdateAsync(current, t, entries, ct) is not { } written)
        {
            return null;
        }
        if (action == TicketActions.Resolve)
        {
            await tickets.IndexForRatingAsync(t.Phone, t.Community, t.Id, ct);
        }
        logger.LogInformation("Ticket {TicketId}: {Action} by {Actor} via {Channel} ({From} → {To})", t.Id, action, actor.Id, actor.Channel, current.Value.Status, target);
        return new ActionOutcome.Done(written);
    }

    /// <summary>Owner feedback: a score of 2 or less, or "not fixed", reopens the ticket and alerts the supervisor; otherwise it closes.</summary>
    public Task<ActionOutcome> RateAsync(string id, int score, bool? isFixed, string? comment, string channel, CancellationToken ct) =>
        tickets.RetryAsync(id, async current =>
        {
            var t = current.Value;
            if (t.Status != TicketStatuses.Resolved || t.Score is not null)
            {
                return (new ActionOutcome.Refused("cannot_rate", current), null);
            }
            var now = time.GetUtcNow();
            var unhappy = score <= 2 || isFixed == false;
            t = t with { Score = score, Fixed = isFixed, FeedbackComment = comment };
            var sms = new List<OutgoingSms>();
            HistoryEntry entry;
            if (unhappy)
            {
                t = t with { ResolvedAt = null, AcceptedBy = null, AcceptedByPhone = null, ReopenCount = t.ReopenCount + 1 };
                (t, entry) = t.Append(now, "owner", channel, TicketStatuses.Reopened,
                    $"业主评价 {score} 分{(isFixed == false ? "，未修好" : "")}，已重新打开并通知主管" + (comment is null ? "" : $"：{comment}"), isPublic: true);
                sms.AddRange(SupervisorAlert(t, await rosters.GetAsync(t.Community, ct), now, $"low-score-{entry.Sequence}",
                    $"业主评价{score}分{(isFixed == false ? "/未修好" : "")}"));
            }
            else
            {
                (t, entry) = t.Append(now, "owner", channel, TicketStatuses.Closed, $"业主评价 {score} 分" + (comment is null ? "" : $"：{comment}"), isPublic: true);
                t = t with { ClosedAt = now };
            }
            foreach (var message in sms)
            {
                await queue.EnqueueSmsAsync(message, null, ct);
            }
            return (null, new TicketChange(t, [entry]));
        }, ct);

    /// <summary>The owner escalates: one step up the ladder (supervisor, then owners' committee, then public offices).</summary>
    public Task<ActionOutcome> EscalateByOwnerAsync(string id, string reason, CancellationToken ct) =>
        tickets.RetryAsync(id, async current =>
        {
            var t = current.Value;
            if (t.Status is TicketStatuses.Cancelled || t.EscalationLevel >= EscalationLadder.Top)
            {
                return (new ActionOutcome.Refused("cannot_escalate", current), null);
            }
            var now = time.GetUtcNow();
            var level = t.EscalationLevel + 1;
            var sms = level == 1
                ? SupervisorAlert(t, await rosters.GetAsync(t.Community, ct), now, $"owner-escalation-{t.HistoryCount + 1}", reason)
                : [];
            var status = level == 1 && Lifecycle.IsOpen(t.Status) ? TicketStatuses.Escalated : t.Status;
            (t, var entry) = (t with { EscalationLevel = level }).Append(now, "owner", Channels.Web, status,
                $"业主升级至{EscalationLadder.Name(level, Language.Chinese)}：{reason}", isPublic: true);
            foreach (var message in sms)
            {
                await queue.EnqueueSmsAsync(message, null, ct);
            }
            return (null, new TicketChange(t, [entry]));
        }, ct);

    private async Task<ActionOutcome> MergeAsync(Versioned<Ticket> duplicate, string intoId, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var d = duplicate.Value;
        if (!TicketId.TryNormalize(intoId, out var targetId) || targetId == d.Id || await tickets.GetAsync(d.Community, targetId, ct) is not { } target
            || !Lifecycle.IsOpen(target.Value.Status))
        {
            return new ActionOutcome.Refused("merge_target", duplicate);
        }
        // The surviving ticket first: its owner and the duplicate's owner are both told about it from now on.
        var watchers = target.Value.Watchers.Append(new Watcher(d.Id, d.Phone, d.Language)).Concat(d.Watchers)
            .Where(w => w.Phone != target.Value.Phone).DistinctBy(w => w.Phone).ToList();
        var (kept, keptEntry) = (target.Value with { Watchers = watchers }).Append(now, actor.Id, actor.Channel, target.Value.Status,
            $"合并重复工单 {d.Id}", isPublic: false);
        if (await tickets.TryUpdateAsync(target, kept, [keptEntry], ct) is null)
        {
            return new ActionOutcome.Stale(duplicate);
        }
        var (merged, entry) = (d with { MergedInto = targetId }).Append(now, actor.Id, actor.Channel, TicketStatuses.Cancelled,
            $"与 {targetId} 为同一事项，已合并，进度请看 {targetId}", isPublic: true);
        await queue.EnqueueSmsAsync(ticketSms.Merged(d, targetId), null, ct);
        return await tickets.TryUpdateAsync(duplicate, merged, [entry], ct) is { } written
            ? new ActionOutcome.Done(written)
            : new ActionOutcome.Stale(await tickets.GetAsync(d.Community, d.Id, ct) ?? duplicate);
    }

    /// <summary>The SMS that tells the duty supervisor about a ticket (none when the roster has no supervisor).</summary>
    public List<OutgoingSms> SupervisorAlert(Ticket t, IReadOnlyList<StaffMember> roster, DateTimeOffset now, string purpose, string reason)
    {
        var hours = OfficeHours.Default(_zone);
        var supervisor = DutyRoster.DutySupervisor(roster, roster.Where(s => s.OnDutyAt(now, hours)).ToList(), emergency: true);
        if (supervisor is null)
        {
            logger.LogError("Ticket {TicketId}: no supervisor on the roster of {Community} to alert", t.Id, t.Community);
            return [];
        }
        return [ticketSms.SupervisorAlert(t, supervisor, purpose, reason)];
    }

    private static List<FieldError> Validate(ActionRequest r)
    {
        var e = new ErrorList();
        e.OneOf("action", r.Action, TicketActions.All, required: true);
        e.Text("note", r.Note, 500, required: r.Action == TicketActions.Note, multiline: true);
        e.OneOf("department", r.Department, Departments.All, required: false);
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

/// <summary>The owner's escalation ladder (DESIGN.md §2). The desk contacts the first level; the others are shown as contacts.</summary>
public static class EscalationLadder
{
    public const int Top = 3;

    public static string Name(int level, string language) => (level, language == Language.English) switch
    {
        (0, false) => "处理人员",
        (1, false) => "客服中心主管",
        (2, false) => "业主委员会（业委会）",
        (_, false) => "街道办事处 / 居委会 / 住建部门（12345 市民服务热线）",
        (0, true) => "the staff handling it",
        (1, true) => "the service-centre supervisor",
        (2, true) => "the owners' committee",
        _ => "the street office, residents' committee or housing authority (12345 citizen hotline)",
    };
}
