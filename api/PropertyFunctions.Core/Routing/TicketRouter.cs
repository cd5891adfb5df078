using System.Globalization;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Notices;
using PropertyFunctions.Core.Roster;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Routing;

/// <summary>
/// Handles a ticket-route message: classifies a new ticket and acknowledges it to the owner, then
/// dispatches it by SMS to the people on duty — at once for an emergency or within office hours,
/// otherwise at opening time through a delayed message.
/// A ticket an outage notice answered at intake (already closed) is only classified and acknowledged with the notice.
/// Idempotent: SMS are sent (<see cref="SmsOutbox"/>) before the ticket is updated, their outcomes stored with the update, and carry
/// deterministic ids (the SMS log sends each once), and a ticket no longer <c>received</c> is left alone, so a redelivered or
/// early message changes nothing.
/// </summary>
public sealed class TicketRouter(
    ITicketStore tickets,
    IRosterStore rosters,
    IRouteQueue routeQueue,
    SmsOutbox outbox,
    Classifier classifier,
    TicketSms ticketSms,
    CommunityDirectory communities,
    IPageWindows pageWindows,
    SmsComposer composer,
    DeskOptions options,
    INoticeStore notices,
    TimeProvider time,
    ILogger<TicketRouter> logger)
{
    /// <summary>
    /// Route messages of one ticket that may poison before the sweep stops re-queuing it. More than one, because a storage
    /// outage of a minute poisons messages too and the sweep is then what routes the ticket; a ticket that keeps failing
    /// is left to staff (reassign in the console) instead of failing every five minutes for ever.
    /// </summary>
    public const int MaxRouteFailures = 3;
    /// <summary>Storage queues hide a message for at most seven days; longer waits are re-checked on arrival.</summary>
    private static readonly TimeSpan MaxQueueDelay = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    public Task RouteAsync(RouteMessage message, CancellationToken ct) =>
        message.PageBuilding is { } building ? FlushPageAsync(message.Community, building, ct) : RouteTicketAsync(message, ct);

    private async Task RouteTicketAsync(RouteMessage message, CancellationToken ct)
    {
        DeskTelemetry.TagTicket(message.TicketId);
        await Optimistic.RetryAsync<object>(async _ =>
        {
            var current = await tickets.GetAsync(message.Community, message.TicketId, ct);
            if (current is null)
            {
                logger.LogWarning("Route message for unknown ticket {TicketId} in {Community} dropped", message.TicketId, message.Community);
                return true;
            }
            if (current.Value is { AnsweredByNotice: not null, RoutedAt: null, Status: TicketStatuses.Closed })
            {
                return await TryAcknowledgeAnswerAsync(current, ct) ? true : null;
            }
            if (current.Value.Status != TicketStatuses.Received)
            {
                logger.LogInformation("Ticket {TicketId} is {Status}; route message ignored", current.Value.Id, current.Value.Status);
                return true;
            }
            return await TryRouteAsync(current, ct) ? true : null;
        }, $"Ticket {message.TicketId}");
    }

    /// <summary>
    /// A route message failed every attempt and reached ticket-route-poison: counts it on the ticket, with a history entry
    /// staff see in its detail. Returns the ticket's failures so far (0 when the ticket is gone or no longer waiting).
    /// </summary>
    public async Task<int> RecordPoisonedAsync(RouteMessage message, CancellationToken ct)
    {
        DeskTelemetry.TagTicket(message.TicketId);
        var failures = await Optimistic.RetryAsync<object>(async _ =>
        {
            var current = await tickets.GetAsync(message.Community, message.TicketId, ct);
            if (current is null || current.Value.Status != TicketStatuses.Received)
            {
                return 0;
            }
            var count = current.Value.RouteFailures + 1;
            var note = count >= MaxRouteFailures
                ? HistoryNote.Of("history.route_failed_final", count)
                : HistoryNote.Of("history.route_failed", count, MaxRouteFailures);
            var (ticket, entry) = (current.Value with { RouteFailures = count }).Append(time.GetUtcNow(), "system", Channels.System,
                current.Value.Status, note, isPublic: false);
            return await tickets.TryUpdateAsync(current, ticket, [entry], ct) is null ? null : count;
        }, $"Ticket {message.TicketId}");
        return (int)failures;
    }

    private async Task<bool> TryRouteAsync(Versioned<Ticket> current, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var ticket = current.Value;
        var community = await communities.GetAsync(ticket.Community, ct);
        var hours = community.Hours;
        var entries = new List<HistoryEntry>();
        var sms = new List<OutgoingSms>();
        var firstPass = ticket.RoutedAt is null;

        if (firstPass)
        {
            (ticket, var classified) = Classify(ticket, hours, now);
            entries.Add(classified);
            await ticketSms.SaveTrackingLinkAsync(ticket, ct);
        }
        var ack = TicketSms.AckFor(ticket.Emergency, ticket.CreatedAt, hours);

        if (!ticket.Emergency && !hours.IsOpen(now))
        {
            // Ordinary work out of hours: acknowledged now, dispatched when the desk opens.
            if (firstPass)
            {
                sms.AddRange(ticketSms.Acknowledgement(ticket, ack, community));
            }
            var dispatchAt = ticket.DispatchAt ?? hours.NextOpening(now);
            if (ticket.DispatchAt is null)
            {
                ticket = ticket with { DispatchAt = dispatchAt };
                (ticket, var waiting) = ticket.Append(now, "system", Channels.System, ticket.Status,
                    HistoryNote.Of("history.out_of_hours", hours.ToLocal(dispatchAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)), isPublic: false);
                entries.Add(waiting);
            }
            var sent = await outbox.SendAsync(sms, ct);
            if (entries.Count == 0)
            {
                await outbox.RecordAsync(sent, ct);
            }
            else if (await tickets.TryUpdateAsync(current, ticket, entries, sent, ct) is null)
            {
                return false;
            }
            var delay = dispatchAt - now;
            await routeQueue.EnqueueRouteAsync(new RouteMessage(ticket.Community, ticket.Id), delay > MaxQueueDelay ? MaxQueueDelay : delay, ct);
            logger.LogInformation("Ticket {TicketId} will be dispatched at {DispatchAt:o}", ticket.Id, dispatchAt);
            return true;
        }

        var roster = await rosters.GetAsync(ticket.Community, ct);
        var recipients = DutyRoster.Pick(roster, ticket.Department!, ticket.Emergency, now, hours);
        if (recipients.People.Count == 0)
        {
            // Nobody to send it to: the owner is not told anyone is coming; record why once; the watch escalates it.
            if (firstPass)
            {
                sms.AddRange(ticketSms.Acknowledgement(ticket, AckKind.Waiting, community));
            }
            if (ticket.DispatchedAt is null)
            {
                // The console's duty banner finds such tickets (dispatched to nobody); the history says why, for the clerk.
                (ticket, var none) = ticket.Append(now, "system", Channels.System, ticket.Status,
                    HistoryNote.Of("history.nobody_on_duty", new HistoryNote.Word("department." + ticket.Department), recipients.Reason),
                    isPublic: false);
                ticket = ticket with { DispatchedAt = now };
                entries.Add(none);
            }
            var sent = await outbox.SendAsync(sms, ct);
            logger.LogError("Ticket {TicketId} could not be dispatched: {Reason}", ticket.Id, recipients.Reason);
            if (entries.Count == 0)
            {
                await outbox.RecordAsync(sent, ct);
                return true;
            }
            return await tickets.TryUpdateAsync(current, ticket, entries, sent, ct) is not null;
        }

        // The abuse policy: a held emergency texts nobody; a building's emergencies page staff at most once a window.
        var page = !ticket.SmsHeld;
        if (page && ticket.Emergency)
        {
            if (await PageNowAsync(ticket, now, ct) is not { } pageNow)
            {
                return false;
            }
            page = pageNow;
        }
        if (firstPass && !ticket.SmsHeld)
        {
            sms.AddRange(ticketSms.Acknowledgement(ticket, ack, community));
        }
        var names = string.Join("、", recipients.People.Select(p => p.Name));
        ticket = ticket with { DispatchedAt = now, DispatchedTo = recipients.People.Select(p => p.Phone).ToList() };
        (ticket, var dispatched) = ticket.Append(now, "system", Channels.System, TicketStatuses.Dispatched,
            HistoryNote.Of("history.dispatched", new HistoryNote.Word("department." + ticket.Department)), isPublic: true);
        entries.Add(dispatched);
        ticket = ticket with { DispatchSequence = dispatched.Sequence };
        var how = ticket.SmsHeld ? HistoryNote.Of("history.sms_held")
            : page ? HistoryNote.Of("history.by_sms")
            : HistoryNote.Of("history.page_window", ticket.Address.Building, options.Abuse.PageWindowMinutes);
        (ticket, var who) = ticket.Append(now, "system", Channels.Sms, TicketStatuses.Dispatched,
            HistoryNote.Of("history.dispatched_to", names, recipients.Reason).Then(how), isPublic: false);
        entries.Add(who);
        if (page)
        {
            sms.AddRange(await ticketSms.DispatchAsync(ticket, community, recipients.People, dispatched.Sequence, "dispatch", ct));
        }

        var dispatchSent = await outbox.SendAsync(sms, ct);
        if (await tickets.TryUpdateAsync(current, ticket, entries, dispatchSent, ct) is null)
        {
            return false;
        }
        DeskMetrics.TicketDispatched(now - ticket.CreatedAt, ticket.Emergency, ticket.Department);
        logger.LogInformation("Ticket {TicketId} dispatched to {Count} people in {Department} ({Reason})",
            ticket.Id, recipients.People.Count, ticket.Department, recipients.Reason);
        return true;
    }

    /// <summary>
    /// Whether this emergency pages staff now (true), waits for its building's next page (false), or lost a race for the
    /// window (null: route again). The first emergency of a window pages and opens it; later ones are gathered, and the
    /// window's end (a delayed route message) pages them all at once.
    /// </summary>
    private async Task<bool?> PageNowAsync(Ticket ticket, DateTimeOffset now, CancellationToken ct)
    {
        var building = ticket.Address.Building;
        var current = await pageWindows.GetAsync(ticket.Community, building, ct);
        var window = current?.Value;
        if (window is not null && (window.Paged.Contains(ticket.Id) || window.Pending.Contains(ticket.Id)))
        {
            return window.Paged.Contains(ticket.Id);
        }
        if (window is null || now >= window.OpenedAt + options.Abuse.PageWindow)
        {
            return await pageWindows.TrySaveAsync(ticket.Community, building, current, new PageWindow(now, [ticket.Id], window?.Pending ?? []), ct)
                ? true
                : null;
        }
        if (!await pageWindows.TrySaveAsync(ticket.Community, building, current, window with { Pending = [.. window.Pending, ticket.Id] }, ct))
        {
            return null;
        }
        if (window.Pending.Count == 0)
        {
            await routeQueue.EnqueueRouteAsync(new RouteMessage(ticket.Community, "", building), window.OpenedAt + options.Abuse.PageWindow - now, ct);
        }
        return false;
    }

    /// <summary>
    /// A building's page window ended: the emergencies gathered in it that nobody has accepted yet go to the people they were
    /// dispatched to, as one page, and a new window starts. The page's SMS ids name the window, so a redelivery sends nothing twice.
    /// </summary>
    private async Task FlushPageAsync(string community, string building, CancellationToken ct)
    {
        await Optimistic.RetryAsync<object>(async _ =>
        {
            var current = await pageWindows.GetAsync(community, building, ct);
            if (current is not { Value.Pending.Count: > 0 } window)
            {
                return true;
            }
            var waiting = new List<Ticket>();
            foreach (var id in window.Value.Pending)
            {
                if (await tickets.GetAsync(community, id, ct) is { Value: { AcceptedAt: null } t } && Lifecycle.IsOpen(t.Status))
                {
                    waiting.Add(t);
                }
            }
            var settings = await communities.GetAsync(community, ct);
            var ids = string.Join("、", waiting.Select(t => t.Id));
            var pages = new List<OutgoingSms>();
            foreach (var phone in waiting.SelectMany(t => t.DispatchedTo).Distinct())
            {
                var message = composer.Compose(SmsCatalogue.EmergencyBatch, Language.Chinese, new Dictionary<string, string>
                {
                    ["building"] = building + "栋", ["count"] = waiting.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), ["ids"] = ids,
                }, settings.SmsSignature);
                pages.Add(OutgoingSms.Create($"page:{community}:{building}",
                    "batch-" + window.Value.OpenedAt.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture), phone, message, community));
            }
            await outbox.RecordAsync(await outbox.SendAsync(pages, ct), ct);
            var now = time.GetUtcNow();
            var next = new PageWindow(now, window.Value.Pending, []);
            return await pageWindows.TrySaveAsync(community, building, current, next, ct) ? true : null;
        }, $"Page window {community}/{building}");
        logger.LogInformation("Emergency page window of {Community} building {Building} closed", community, building);
    }

    /// <summary>An inquiry an outage notice answered at intake: classified for the records, acknowledged with the notice, nobody paged.</summary>
    private async Task<bool> TryAcknowledgeAnswerAsync(Versioned<Ticket> current, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var community = await communities.GetAsync(current.Value.Community, ct);
        var (ticket, classified) = Classify(current.Value, community.Hours, now);
        (ticket, var answered) = ticket.Append(now, "system", Channels.System, ticket.Status,
            HistoryNote.Of("history.answered_by_notice", ticket.AnsweredByNotice!), isPublic: false);
        await ticketSms.SaveTrackingLinkAsync(ticket, ct);
        IReadOnlyList<SmsRecord> sent = [];
        if (await notices.GetAsync(ticket.Community, ticket.AnsweredByNotice!, ct) is { } notice)
        {
            sent = await outbox.SendAsync(ticketSms.NoticeAnswer(ticket, community, notice.Value.Title, notice.Value.ExpectedEndAt), ct);
        }
        logger.LogInformation("Ticket {TicketId} answered by notice {NoticeId}; nobody paged", ticket.Id, ticket.AnsweredByNotice);
        return await tickets.TryUpdateAsync(current, ticket, [classified, answered], sent, ct) is not null;
    }

    private (Ticket Ticket, HistoryEntry Entry) Classify(Ticket ticket, OfficeHours hours, DateTimeOffset now)
    {
        var localCreated = TimeOnly.FromDateTime(hours.ToLocal(ticket.CreatedAt).DateTime);
        var c = classifier.Classify(ticket.Kind, ticket.Category, ticket.Description, ticket.Emergency, localCreated);
        ticket = ticket with { Department = c.Department, Priority = c.Priority, Emergency = ticket.Emergency || c.EmergencyDetected, RoutedAt = now };
        return ticket.Append(now, "system", Channels.System, ticket.Status, HistoryNote.Of("history.classified", new HistoryNote.Word("department." + c.Department), c.Priority, c.Reason), isPublic: false);
    }
}

/// <summary>
/// The safety net: re-queues tickets stored but never routed (an enqueue that failed after the write),
/// and out-of-hours tickets whose dispatch time has come but whose delayed message went missing.
/// A ticket whose route message poisoned <see cref="TicketRouter.MaxRouteFailures"/> times is left alone: its history
/// says so, the poison alert has fired, and staff dispatch it by hand.
/// </summary>
public sealed class UnroutedSweep(ITicketStore tickets, IRouteQueue queue, TimeProvider time, ILogger<UnroutedSweep> logger)
{
    /// <summary>Tickets younger than this are probably still in the queue; leave them be.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var count = 0;
        var givenUp = 0;
        await foreach (var ticket in tickets.FindUndispatchedAsync(time.GetUtcNow() - Grace, ct))
        {
            if (ticket.RouteFailures >= TicketRouter.MaxRouteFailures)
            {
                givenUp++;
                continue;
            }
            await queue.EnqueueRouteAsync(new RouteMessage(ticket.Community, ticket.Id), delay: null, ct);
            count++;
        }
        if (count > 0)
        {
            logger.LogWarning("Re-queued {Count} ticket(s) left waiting in 'received'", count);
        }
        if (givenUp > 0)
        {
            logger.LogWarning("{Count} ticket(s) in 'received' failed routing {Max} times and wait for staff to dispatch them", givenUp, TicketRouter.MaxRouteFailures);
        }
        return count;
    }
}
