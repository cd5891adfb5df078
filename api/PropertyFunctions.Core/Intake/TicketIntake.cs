using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Routing;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Intake;

/// <summary>What the owner gets back for a new ticket (201 body).</summary>
public sealed record TicketReceipt(string Id, string Token, string TrackingUrl, string Status, bool Emergency, string Message);

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
/// Takes owners' submissions: validate, de-duplicate by Idempotency-Key, rate-limit (never an emergency),
/// store the ticket with its first history entry, then queue it for routing. The ticket is stored before
/// the queue is touched, so a failed enqueue leaves a <c>received</c> ticket that the sweep picks up.
/// </summary>
public sealed class TicketIntake(
    ITicketStore tickets,
    IIdempotencyStore idempotency,
    IRateLimiter rateLimiter,
    IRouteQueue queue,
    TicketToken tokens,
    DeskOptions options,
    Classifier classifier,
    CommunityDirectory communities,
    TimeProvider time,
    ILogger<TicketIntake> logger)
{
    private const int IdAttempts = 8;
    private readonly TimeZoneInfo _zone = options.Zone();

    public async Task<SubmitOutcome> SubmitAsync(TicketSubmission submission, string requestLanguage, string? idempotencyKey,
        string bodyHash, string clientAddress, CancellationToken ct)
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

        IdempotencyRecord? resume = null;
        if (idempotencyKey is not null && await idempotency.GetAsync(idempotencyKey, ct) is { } earlier)
        {
            if (earlier.BodyHash != bodyHash)
            {
                return new SubmitOutcome.IdempotencyMismatch();
            }
            if (await tickets.GetAsync(earlier.Community, earlier.TicketId, ct) is { } existing)
            {
                if (existing.Value.Status == TicketStatuses.Received && existing.Value.RoutedAt is null)
                {
                    // Perhaps the first attempt stored the ticket but could not queue it; queue it now (the router
                    // ignores a ticket it has already routed, so a second message is harmless).
                    await queue.EnqueueRouteAsync(new RouteMessage(earlier.Community, earlier.TicketId), delay: null, ct);
                }
                return new SubmitOutcome.Created(Deserialize(earlier.Answer), Replayed: true);
            }
            // The first attempt claimed the key but the ticket is not stored: either it is still running, or it
            // failed (storage hiccup). Finishing it under the same id is safe in both cases: creation is idempotent.
            resume = earlier;
        }

        var now = time.GetUtcNow();
        var emergency = valid.EmergencyClaimed || classifier.LooksLikeEmergency(valid.Description);
        var id = resume?.TicketId ?? await ReserveIdAsync(valid.Community, now, ct);
        var smsHeld = false;
        var receipt = resume is null ? Receipt(id, emergency, valid.Language, now, community) : Deserialize(resume.Answer);
        if (resume is null)
        {
            if (idempotencyKey is not null)
            {
                var stored = await idempotency.AddOrGetAsync(
                    new IdempotencyRecord(idempotencyKey, bodyHash, id, valid.Community, Serialize(receipt), now), ct);
                if (stored.TicketId != id)
                {
                    // A concurrent request with the same key got there first; its ticket is the one.
                    await tickets.ReleaseIdAsync(id, ct);
                    return await ReplayAsync(stored, bodyHash, ct);
                }
            }
            // Emergencies are never refused. The limit is checked after the key is claimed, so a burst of
            // retries of one submission counts once.
            if (!emergency && await CheckRateLimitsAsync(valid.Phone, clientAddress, now, ct) is { } retryAfter)
            {
                if (idempotencyKey is not null)
                {
                    await idempotency.DeleteAsync(idempotencyKey, ct);
                }
                await tickets.ReleaseIdAsync(id, ct);
                return new SubmitOutcome.RateLimited(retryAfter);
            }
            // An emergency past its own limits is still taken and shown to staff, but texts nobody: a script cannot make
            // the desk text strangers or page staff all night by calling everything an emergency.
            smsHeld = emergency && !await EmergencyWithinLimitsAsync(valid.Phone, clientAddress, now, ct);
        }

        var ticket = NewTicket(id, valid, emergency, now) with { SmsHeld = smsHeld };
        var first = new HistoryEntry(1, now, "owner", Channels.Web, null, TicketStatuses.Received,
            receipt.Message, Public: true);
        await tickets.CreateAsync(ticket, first, ct);
        DeskTelemetry.TagTicket(id);
        DeskMetrics.TicketReceived(ticket.Kind, Channels.Web, emergency);
        logger.LogInformation("Ticket {TicketId} received for {Community} from {Phone} (emergency: {Emergency}, SMS held: {Held})",
            id, valid.Community, PhoneNumber.Mask(valid.Phone), emergency, smsHeld);

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

    private async Task<SubmitOutcome> ReplayAsync(IdempotencyRecord stored, string bodyHash, CancellationToken ct)
    {
        if (stored.BodyHash != bodyHash)
        {
            return new SubmitOutcome.IdempotencyMismatch();
        }
        return await tickets.GetAsync(stored.Community, stored.TicketId, ct) is null
            ? new SubmitOutcome.InProgress()
            : new SubmitOutcome.Created(Deserialize(stored.Answer), Replayed: true);
    }

    private async Task<TimeSpan?> CheckRateLimitsAsync(string phone, string clientAddress, DateTimeOffset now, CancellationToken ct)
    {
        var window = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var retryAfter = window.AddHours(1) - now;
        if (!await rateLimiter.TryAcquireAsync("addr:" + clientAddress, options.RateLimits.PerAddressPerHour, window, ct))
        {
            logger.LogInformation("Rate limit reached for client address {Address}", clientAddress);
            return retryAfter;
        }
        if (!await rateLimiter.TryAcquireAsync("phone:" + phone, options.RateLimits.PerPhonePerHour, window, ct))
        {
            logger.LogInformation("Rate limit reached for phone {Phone}", PhoneNumber.Mask(phone));
            return retryAfter;
        }
        return null;
    }

    private async Task<bool> EmergencyWithinLimitsAsync(string phone, string clientAddress, DateTimeOffset now, CancellationToken ct)
    {
        var window = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var limit = options.Abuse.EmergenciesPerHour;
        var byAddress = await rateLimiter.TryAcquireAsync("emergency-addr:" + clientAddress, limit, window, ct);
        var byPhone = await rateLimiter.TryAcquireAsync("emergency-phone:" + phone, limit, window, ct);
        return byAddress && byPhone;
    }

    private async Task<string> ReserveIdAsync(string community, DateTimeOffset now, CancellationToken ct)
    {
        for (var attempt = 0; attempt < IdAttempts; attempt++)
        {
            var id = TicketId.New(now, _zone);
            if (await tickets.TryReserveIdAsync(id, community, ct))
            {
                return id;
            }
        }
        throw new InvalidOperationException($"No free ticket id after {IdAttempts} attempts.");
    }

    /// <summary>The answer on the form; it says what the acknowledgement SMS says (<see cref="TicketSms.AckFor"/> decides both).</summary>
    private TicketReceipt Receipt(string id, bool emergency, string language, DateTimeOffset now, Community community)
    {
        var message = TicketSms.AckFor(emergency, now, community.Hours) switch
        {
            AckKind.Emergency => Messages.Get("ack.emergency", language, community.EmergencyPhone),
            AckKind.Open => Messages.Get("ack.open", language),
            _ => Messages.Get("ack.closed", language, TicketSms.Opens(now, community.Hours), community.EmergencyPhone),
        };
        var token = tokens.For(id);
        return new TicketReceipt(id, token, TrackingLinks.For(options, id, token), TicketStatuses.Received, emergency, message);
    }

    private static Ticket NewTicket(string id, ValidSubmission s, bool emergency, DateTimeOffset now) => new()
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
        Status = TicketStatuses.Received,
        Priority = emergency ? Priorities.Emergency : null,
        CreatedAt = now,
        UpdatedAt = now,
        HistoryCount = 1,
    };

    private static string Serialize(TicketReceipt receipt) => System.Text.Json.JsonSerializer.Serialize(receipt);

    private static TicketReceipt Deserialize(string answer) =>
        System.Text.Json.JsonSerializer.Deserialize<TicketReceipt>(answer) ?? throw new InvalidDataException("Stored answer is empty.");
}

