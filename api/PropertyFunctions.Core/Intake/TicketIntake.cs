using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Notices;
using PropertyFunctions.Core.Routing;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Intake;

/// <summary>What the owner gets back for a new ticket (201 body); <see cref="AnsweredByNotice"/> when an outage notice answered it.</summary>
public sealed record TicketReceipt(string Id, string Token, string TrackingUrl, string Status, bool Emergency, string Message,
    NoticeAnswer? AnsweredByNotice = null);

/// <summary>The outage notice that answered a ticket: its id, its title (the cause) and when the service should be back.</summary>
public sealed record NoticeAnswer(string Id, string Title, DateTimeOffset? ExpectedEnd);

/// <summary>
/// A ticket a clerk takes for an owner (POST /api/staff/tickets): who took it and through which channel, and whether the
/// owner wants SMS. A clerk's entries are not rate-limited: the desk's own staff are not the abuse the limits guard against.
/// </summary>
public sealed record DeskEntry(string ActorId, string Name, string Channel, bool NotifyOwner);

public abstract record SubmitOutcome
{
    public sealed record Created(TicketReceipt Receipt, bool Replayed) : SubmitOutcome;
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : SubmitOutcome;
    public sealed record RateLimited(TimeSpan RetryAfter) : SubmitOutcome;
    public sealed record IdempotencyMismatch : SubmitOutcome;
    /// <summary>Another request with the same key is being handled right now; the client should retry shortly.</summary>
    public sealed record InProgress : SubmitOutcome;
}

/// <summary>
/// Takes owners' submissions: validate, store the ticket with its first history entry (and its Idempotency-Key claim, in
/// the same write), count it against the rate limits (never an emergency nor a clerk's entry), then queue it for routing:
/// three storage requests. The ticket is stored before the queue is touched, so a failed enqueue leaves a <c>received</c>
/// ticket that the sweep picks up. The limits are counted after the claim, so retries of one submission count once; a
/// submission they refuse is removed again in one write and answered 429.
/// An inquiry or complaint about an outage that an active notice covers for the owner's building is answered here, at once,
/// with the notice: it is stored closed and linked to the notice, and routing only acknowledges it (nobody is paged).
/// </summary>
public sealed class TicketIntake(
    ITicketStore tickets,
    IRateLimiter rateLimiter,
    IRouteQueue queue,
    TicketToken tokens,
    DeskOptions options,
    Classifier classifier,
    CommunityDirectory communities,
    NoticeDesk notices,
    TimeProvider time,
    ILogger<TicketIntake> logger)
{
    private readonly TimeZoneInfo _zone = options.Zone();

    /// <param name="entry">Set when a clerk takes the ticket for the owner; null for the owner's own submission.</param>
    public async Task<SubmitOutcome> SubmitAsync(TicketSubmission submission, string requestLanguage, string? idempotencyKey,
        string bodyHash, string clientAddress, DeskEntry? entry, CancellationToken ct)
    {
        var (valid, errors) = SubmissionValidator.Validate(submission, requestLanguage);
        if (valid is null)
        {
            return new SubmitOutcome.Invalid(errors);
        }
        // A mistyped link must not create a ticket nobody will ever dispatch, nor text a number the community does not serve.
        if (await communities.FindAsync(valid.Community, ct) is not { } community)
        {
            return new SubmitOutcome.Invalid([new FieldError("community", "community_unknown")]);
        }
        if (!community.Accepts(valid.Phone))
        {
            return new SubmitOutcome.Invalid([new FieldError("phone", "phone_country")]);
        }

        var now = time.GetUtcNow();
        var emergency = valid.EmergencyClaimed || classifier.LooksLikeEmergency(valid.Description);
        var answer = emergency || valid.Kind is not (TicketKinds.Inquiry or TicketKinds.Complaint) ? null
            : await notices.AnsweringAsync(valid.Community, valid.Address.Building, valid.Description, ct);
        var id = await tickets.NewIdAsync(valid.Community, TicketId.Day(now, _zone), ct);
        var ack = AckNote(emergency, valid.Language, now, community, answer);
        var receipt = Receipt(id, emergency, ack.Render(valid.Language), community, answer);
        var ticket = NewTicket(id, valid, emergency, now, entry) with { AnsweredByNotice = receipt.AnsweredByNotice?.Id };
        if (ticket.AnsweredByNotice is not null)
        {
            ticket = ticket with { Status = TicketStatuses.Closed, ClosedAt = now };
        }
        // Kept as codes, for every reader's language.
        var note = entry is null ? ack : HistoryNote.Of("entered_by", entry.Name, new HistoryNote.Word("channel." + entry.Channel)).Then(ack);
        var first = HistoryEntry.Create(1, now, entry?.ActorId ?? "owner", entry?.Channel ?? Channels.Web, null, ticket.Status, note, isPublic: true);
        var claim = idempotencyKey is null ? null : new SubmissionClaim(idempotencyKey, bodyHash, id, valid.Community, Serialize(receipt), now);
        if (await tickets.TryCreateAsync(ticket, first, claim, ct) is not { } stored)
        {
            return await ReplayAsync(valid.Community, idempotencyKey!, bodyHash, ct);
        }
        if (entry is null && await LimitAsync(stored, valid.Phone, clientAddress, now, ct) is { } retryAfter)
        {
            await tickets.DeleteNewAsync(stored, claim, ct);
            return new SubmitOutcome.RateLimited(retryAfter);
        }
        DeskTelemetry.TagTicket(id);
        DeskMetrics.TicketReceived(ticket.Kind, ticket.Channel, emergency);
        logger.LogInformation("Ticket {TicketId} received for {Community} from {Phone} via {Channel} (emergency: {Emergency}, answered by notice: {Notice})",
            id, valid.Community, PhoneNumber.Mask(valid.Phone), ticket.Channel, emergency, ticket.AnsweredByNotice);

        try
        {
            await queue.EnqueueRouteAsync(new RouteMessage(valid.Community, id), delay: null, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && idempotencyKey is null)
        {
            // Without a key a retry would make a second ticket, so this one is answered as created: it is safe, and
            // ServiceLevelWatch's sweep re-queues tickets left in 'received'. With a key the failure reaches the
            // caller (503), whose retry finishes the job at once: an emergency does not wait for the sweep.
            logger.LogWarning(ex, "Ticket {TicketId} stored but not queued for routing; the sweep will pick it up", id);
        }
        return new SubmitOutcome.Created(receipt, Replayed: false);
    }

    /// <summary>A retry of a submission whose key is claimed: the first answer, once its ticket is stored.</summary>
    private async Task<SubmitOutcome> ReplayAsync(string community, string key, string bodyHash, CancellationToken ct)
    {
        if (await tickets.GetClaimAsync(community, key, ct) is not { } earlier)
        {
            // Claimed a moment ago by a request the limits then refused: its removal raced this retry. Try again.
            return new SubmitOutcome.InProgress();
        }
        if (earlier.BodyHash != bodyHash)
        {
            return new SubmitOutcome.IdempotencyMismatch();
        }
        if (await tickets.GetAsync(community, earlier.TicketId, ct) is { Value.RoutedAt: null })
        {
            // Perhaps the first attempt stored the ticket (received, or closed by a notice's answer) but could not queue it;
            // queue it now (the router ignores a ticket it has already routed, so a second message is harmless).
            await queue.EnqueueRouteAsync(new RouteMessage(community, earlier.TicketId), delay: null, ct);
        }
        return new SubmitOutcome.Created(Deserialize(earlier.Answer), Replayed: true);
    }

    /// <summary>
    /// Counts the submission against its address's and phone's limits, both in one request. Null to go ahead; otherwise
    /// when to retry. Emergencies are never refused: one past its own limits is still taken and shown to staff, but texts
    /// nobody (SMS held), so a script cannot make the desk text strangers or page staff all night by calling everything an
    /// emergency.
    /// </summary>
    private async Task<TimeSpan?> LimitAsync(Versioned<Ticket> stored, string phone, string clientAddress, DateTimeOffset now, CancellationToken ct)
    {
        var window = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        if (stored.Value.Emergency)
        {
            var perHour = options.Abuse.EmergenciesPerHour;
            if (await rateLimiter.TryAcquireAllAsync([new RateLimit("emergency-addr:" + clientAddress, perHour), new RateLimit("emergency-phone:" + phone, perHour)],
                    window, ct) is not null
                && await tickets.TryUpdateAsync(stored, stored.Value with { SmsHeld = true }, [], ct) is null)
            {
                throw new InvalidOperationException($"Ticket {stored.Value.Id} changed before it was queued.");
            }
            return null;
        }
        var refused = await rateLimiter.TryAcquireAllAsync([new RateLimit("addr:" + clientAddress, options.RateLimits.PerAddressPerHour),
            new RateLimit("phone:" + phone, options.RateLimits.PerPhonePerHour)], window, ct);
        if (refused is null)
        {
            return null;
        }
        if (refused.Subject.StartsWith("addr:", StringComparison.Ordinal))
        {
            logger.LogInformation("Rate limit reached for client address {Address}", Redaction.Address(clientAddress));
        }
        else
        {
            logger.LogInformation("Rate limit reached for phone {Phone}", PhoneNumber.Mask(phone));
        }
        return window.AddHours(1) - now;
    }

    /// <summary>
    /// What the form answers and the first history line says: what the acknowledgement SMS says (<see cref="TicketSms.AckFor"/>
    /// decides both), or the notice that answers it (its time is written in the submitter's language).
    /// </summary>
    private static HistoryNote AckNote(bool emergency, string language, DateTimeOffset now, Community community, Notice? answer) => answer is not null
        ? HistoryNote.Typed(answer.ExpectedEndAt is { } end
            ? Messages.Get("ack.notice", language, answer.Title, DeskTimes.ForSms(end, community.Hours.Zone, language))
            : Messages.Get("ack.notice_open", language, answer.Title))
        : TicketSms.AckFor(emergency, now, community.Hours) switch
        {
            AckKind.Emergency => HistoryNote.Of("ack.emergency", community.EmergencyPhone),
            AckKind.Open => HistoryNote.Of("ack.open"),
            _ => HistoryNote.Of("ack.closed", TicketSms.Opens(now, community.Hours), community.EmergencyPhone),
        };

    private TicketReceipt Receipt(string id, bool emergency, string message, Community community, Notice? answer)
    {
        var token = tokens.For(id);
        return answer is null
            ? new TicketReceipt(id, token, TrackingLinks.For(options, id, token), TicketStatuses.Received, emergency, message)
            : new TicketReceipt(id, token, TrackingLinks.For(options, id, token), TicketStatuses.Closed, emergency, message,
                new NoticeAnswer(answer.Id, answer.Title, answer.ExpectedEndAt is { } e ? community.Hours.ToLocal(e) : null));
    }

    private static Ticket NewTicket(string id, ValidSubmission s, bool emergency, DateTimeOffset now, DeskEntry? entry) => new()
    {
        Id = id,
        Community = s.Community,
        Kind = s.Kind,
        Scope = s.Scope,
        Category = s.Category,
        Emergency = emergency,
        Address = s.Address,
        Name = s.Name,
        Phone = s.Phone,
        Description = s.Description,
        PreferredTime = s.PreferredTime,
        Language = s.Language,
        OtherParty = s.OtherParty,
        Channel = entry?.Channel ?? Channels.Web,
        EnteredBy = entry?.Name,
        NotifyOwner = entry?.NotifyOwner ?? true,
        Status = TicketStatuses.Received,
        Priority = emergency ? Priorities.Emergency : null,
        CreatedAt = now,
        UpdatedAt = now,
        HistoryCount = 1,
        SmsWithTicket = true,
    };

    private static string Serialize(TicketReceipt receipt) => System.Text.Json.JsonSerializer.Serialize(receipt);

    private static TicketReceipt Deserialize(string answer) =>
        System.Text.Json.JsonSerializer.Deserialize<TicketReceipt>(answer) ?? throw new InvalidDataException("Stored answer is empty.");
}

