using System.Globalization;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Core.Events;

/// <summary>POST /api/staff/events.</summary>
public sealed record EventDraft(
    string? Community, string? Title, string? Description, string? Place, string? Start, string? End, int? Capacity, string? SignupDeadline);

/// <summary>POST /api/events/{id}/signups.</summary>
public sealed record SignupForm(string? Name, string? Phone, string? Building, string? Room, int? People);

/// <summary>
/// What a sign-up came to. Every well-formed sign-up for an open event is <see cref="Accepted"/>, and the caller answers
/// them all alike: new, repeated, confirmed, waiting or refused for a full waiting list. Only the phone learns which, by SMS.
/// </summary>
public abstract record SignupOutcome
{
    /// <param name="Signup">The sign-up (the first one when <paramref name="IsNew"/> is false); null when the waiting list was full.</param>
    public sealed record Accepted(CommunityEvent Event, Signup? Signup, bool IsNew) : SignupOutcome;
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : SignupOutcome;
    public sealed record NotFound : SignupOutcome;
    public sealed record Closed : SignupOutcome;
    public sealed record RateLimited(TimeSpan RetryAfter) : SignupOutcome;
}

public enum CancelResult
{
    Cancelled,
    /// <summary>Cancelled before (a retry): nothing changes, the promotions it made are queued again (same SMS ids, sent once).</summary>
    AlreadyCancelled,
    NotFound,
    /// <summary>The event has started.</summary>
    TooLate,
}

/// <summary>A sign-up as its owner sees it through the cancel link in their SMS.</summary>
public sealed record SignupView(CommunityEvent Event, Signup Signup);

/// <summary>Creating events, listing them, and sign-ups with a bounded waiting list and cancellation.</summary>
public sealed class EventDesk(IEventStore store, ISmsQueue queue, SmsComposer composer, IRateLimiter limiter, CommunityDirectory communities,
    DeskOptions options, TimeProvider time, ILogger<EventDesk> logger)
{
    public const int MaxCapacity = 10_000;
    public const int MaxPeople = 10;
    public const int CancelCodeLength = ShortCodes.Length;
    /// <summary>Enough for every sign-up of a full event racing at once: each round, one of them wins.</summary>
    private const int ConcurrencyAttempts = 200;
    private readonly TimeZoneInfo _zone = options.Zone();
    private readonly byte[] _key = options.TokenKeyBytes();

    public async Task<(CommunityEvent? Event, IReadOnlyList<FieldError> Errors)> CreateAsync(EventDraft d, string actor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var e = new ErrorList();
        var community = e.Community(d.Community);
        var title = e.Text("title", d.Title, 60, required: true);
        var description = e.Text("description", d.Description, 2000, required: true, multiline: true);
        var place = e.Text("place", d.Place, 100, required: true);
        var start = Time(e, "start", d.Start, required: true);
        var end = Time(e, "end", d.End, required: true);
        if (start is not null && end is not null && end <= start)
        {
            e.Add("end", "end_before_start");
        }
        if (d.Capacity is null)
        {
            e.Add("capacity", "required");
        }
        else if (d.Capacity is < 1 or > MaxCapacity)
        {
            e.Add("capacity", "number_range", 1, MaxCapacity);
        }
        var deadline = Time(e, "signupDeadline", d.SignupDeadline, required: false) ?? start;
        if (deadline is not null && start is not null && deadline > start)
        {
            e.Add("signupDeadline", "deadline_after_start");
        }
        if (e.Any)
        {
            return (null, e.Errors);
        }
        var ev = new CommunityEvent
        {
            Id = "", Community = community!, Title = title!, Description = description!, Place = place!, StartsAt = start!.Value,
            EndsAt = end!.Value, Capacity = d.Capacity!.Value, SignupDeadline = deadline!.Value, CreatedAt = now, CreatedBy = actor,
        };
        for (var attempt = 0; ; attempt++)
        {
            ev = ev with { Id = "E" + TicketId.New(now, _zone) };
            if (await store.TryCreateAsync(ev, ct))
            {
                break;
            }
            if (attempt >= 10)
            {
                throw new InvalidOperationException("Could not find a free event id.");
            }
        }
        logger.LogInformation("{Actor} created event {EventId} in {Community} with {Capacity} places", actor, ev.Id, ev.Community, ev.Capacity);
        return (ev, []);
    }

    /// <summary>Events that have not ended, soonest first.</summary>
    public async Task<IReadOnlyList<CommunityEvent>> UpcomingAsync(string community, CancellationToken ct) =>
        (await store.NotEndedAsync(community, time.GetUtcNow(), ct)).OrderBy(e => e.StartsAt).ToList();

    public async Task<(CommunityEvent Event, IReadOnlyList<Signup> Signups)?> SignupsAsync(string id, CancellationToken ct)
    {
        if (await store.FindCommunityAsync(id, ct) is not { } community || await store.GetAsync(community, id, ct) is not { } ev)
        {
            return null;
        }
        var signups = await store.SignupsAsync(community, id, ct);
        // Confirmed, then the waiting list numbered by its order now (cancellations and promotions leave gaps in the stored
        // numbers), then the cancelled.
        var rank = 0;
        return (ev.Value, signups
            .OrderBy(s => s.Status switch { SignupStatuses.Confirmed => 0, SignupStatuses.Waiting => 1, _ => 2 })
            .ThenBy(s => s.WaitingPosition ?? 0)
            .ThenBy(s => s.CreatedAt)
            .Select(s => s.Status == SignupStatuses.Waiting ? s with { WaitingPosition = ++rank } : s)
            .ToList());
    }

    /// <summary>
    /// Signs a phone up: confirmed while places last (and nobody is waiting, so the list stays first come, first
    /// served), else on the waiting list while it has room (<see cref="AbuseOptions.WaitingListCap"/>), else refused. The
    /// sign-up and the event's counters are written in one batch under the event's ETag; a lost race re-reads and decides
    /// again. Every attempt counts against the phone's and the client address's hourly limits. One sign-up per phone: a
    /// repeat changes nothing and texts nothing new (its SMS has the first one's id). The answer is the same for all of
    /// these; the SMS (confirmed, waiting or full) tells the phone which.
    /// </summary>
    public async Task<SignupOutcome> SignUpAsync(string id, SignupForm form, string language, string clientAddress, CancellationToken ct)
    {
        var e = new ErrorList();
        var name = e.Text("name", form.Name, 40, required: true);
        string? phone = null;
        if (e.Text("phone", form.Phone, 32, required: true) is { } raw)
        {
            if (PhoneNumber.TryNormalize(raw, out var normalized))
            {
                phone = normalized;
            }
            else
            {
                e.Add("phone", "phone_invalid");
            }
        }
        var building = e.Text("building", form.Building, 20, required: true);
        var room = e.Text("room", form.Room, 20, required: true);
        var people = form.People ?? 1;
        if (people is < 1 or > MaxPeople)
        {
            e.Add("people", "number_range", 1, MaxPeople);
        }
        if (e.Any)
        {
            return new SignupOutcome.Invalid(e.Errors);
        }
        if (await LimitedAsync(phone!, clientAddress, ct) is { } retryAfter)
        {
            return new SignupOutcome.RateLimited(retryAfter);
        }
        if (id.Length > 32 || await store.FindCommunityAsync(id, ct) is not { } community)
        {
            return new SignupOutcome.NotFound();
        }
        // A number the community does not text could never learn its answer: refused like at ticket intake (the
        // answer depends only on the number typed, so it reveals nothing about anyone's sign-up).
        if (!(await communities.GetAsync(community, ct)).Accepts(phone!))
        {
            return new SignupOutcome.Invalid([new FieldError("phone", "phone_country")]);
        }
        var code = CancelCode(id, phone!);

        for (var attempt = 0; attempt < ConcurrencyAttempts; attempt++)
        {
            var current = await store.GetAsync(community, id, ct);
            if (current is null)
            {
                return new SignupOutcome.NotFound();
            }
            var ev = current.Value;
            var now = time.GetUtcNow();
            if (!ev.SignupOpenAt(now))
            {
                // The same for a phone that signed up and one that did not.
                return new SignupOutcome.Closed();
            }
            var confirmed = ev.WaitingSignups == 0 && ev.ConfirmedPeople + people <= ev.Capacity;
            if (!confirmed && ev.WaitingSignups >= options.Abuse.WaitingListCap(ev.Capacity))
            {
                if (await store.GetSignupAsync(community, id, phone!, ct) is { } earlier)
                {
                    return await RepeatAsync(ev, earlier, ct);
                }
                // Refused, and told once: the SMS id (event, "full", phone) is the same however often the phone tries.
                await queue.EnqueueSmsAsync(OutgoingSms.Create(ev.SmsGroup, "full", phone!,
                    composer.Compose(SmsCatalogue.EventFull, language, new Dictionary<string, string> { ["title"] = ev.Title }), ev.Community), null, ct);
                logger.LogInformation("{Phone} refused for {EventId}: places and waiting list full", PhoneNumber.Mask(phone), id);
                return new SignupOutcome.Accepted(ev, null, false);
            }
            var signup = new Signup(community, id, phone!, name!, building!, room!, people,
                confirmed ? SignupStatuses.Confirmed : SignupStatuses.Waiting, confirmed ? null : ev.WaitingIssued + 1, language, now);
            var updated = confirmed
                ? ev with { ConfirmedPeople = ev.ConfirmedPeople + people, ConfirmedSignups = ev.ConfirmedSignups + 1 }
                : ev with { WaitingSignups = ev.WaitingSignups + 1, WaitingIssued = ev.WaitingIssued + 1 };
            if (attempt == 0)
            {
                // Before the sign-up exists, so its SMS never carries a code that opens nothing.
                await store.SaveCancelCodeAsync(code, community, id, phone!, ct);
            }
            switch (await store.TryAddSignupAsync(current, updated, signup, ct))
            {
                case SignupWrite.Added:
                    await QueueAnswerAsync(ev, signup, "signup", confirmed ? null : ev.WaitingSignups + 1, ct);
                    logger.LogInformation("{Phone} signed up for {EventId}: {Status}", PhoneNumber.Mask(phone), id, signup.Status);
                    return new SignupOutcome.Accepted(updated, signup, true);
                case SignupWrite.Duplicate:
                    var existing = await store.GetSignupAsync(community, id, phone!, ct);
                    if (existing is null)
                    {
                        continue;
                    }
                    return await RepeatAsync(ev, existing, ct);
                default:
                    // Lost the race for the counter: back off a little so the losers do not collide again in lockstep.
                    await Task.Delay(System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, 5 + attempt), ct);
                    continue;
            }
        }
        throw new TimeoutException($"Event {id} is too busy; sign-up not taken.");
    }

    /// <summary>
    /// A phone that signed up before: nothing changes. Its first SMS is queued again (same id, so the SMS log sends it at most
    /// once) in case the first attempt stored the sign-up but failed before queuing. A cancelled sign-up stays cancelled.
    /// </summary>
    private async Task<SignupOutcome> RepeatAsync(CommunityEvent ev, Signup existing, CancellationToken ct)
    {
        if (existing.Status != SignupStatuses.Cancelled)
        {
            await QueueAnswerAsync(ev, existing, existing.Promoted ? "promoted" : "signup", existing.WaitingPosition is null ? null : ev.WaitingSignups, ct);
        }
        return new SignupOutcome.Accepted(ev, existing, false);
    }

    private async Task<TimeSpan?> LimitedAsync(string phone, string clientAddress, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var window = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        if (await limiter.TryAcquireAllAsync([new RateLimit("signup-addr:" + clientAddress, options.Abuse.SignupsPerAddressPerHour),
                new RateLimit("signup-phone:" + phone, options.Abuse.SignupsPerPhonePerHour)], window, ct) is null)
        {
            return null;
        }
        logger.LogInformation("Sign-up limit reached for {Phone} or its address", PhoneNumber.Mask(phone));
        return window.AddHours(1) - now;
    }

    /// <summary>
    /// The code in the link of the confirmation and waiting-list SMS (<c>{PublicBaseUrl}/e/{code}</c>): 10 base64url characters
    /// of an HMAC of the event and the phone under the desk's secret. It opens that one sign-up and nothing else, it cannot be
    /// guessed, and the same sign-up always gets the same code, so a resent SMS carries the same link.
    /// </summary>
    public string CancelCode(string eventId, string phone)
    {
        return ShortCodes.For(_key, $"event-cancel:{eventId}:{phone}");
    }

    public static bool LooksLikeCode(string? code) => ShortCodes.LooksLikeCode(code);

    /// <summary>The sign-up a cancel code opens, or null.</summary>
    public async Task<SignupView?> FindByCodeAsync(string code, CancellationToken ct)
    {
        if (!LooksLikeCode(code) || await store.FindCancelCodeAsync(code, ct) is not { } target
            || await store.GetAsync(target.Community, target.EventId, ct) is not { } ev
            || await store.GetSignupAsync(target.Community, target.EventId, target.Phone, ct) is not { } signup)
        {
            return null;
        }
        return new SignupView(ev.Value, signup);
    }

    /// <summary>Cancels the sign-up a cancel code opens (the owners' route).</summary>
    public async Task<CancelResult> CancelByCodeAsync(string code, CancellationToken ct) =>
        LooksLikeCode(code) && await store.FindCancelCodeAsync(code, ct) is { } target
            ? await CancelAsync(target.Community, target.EventId, target.Phone, ct)
            : CancelResult.NotFound;

    /// <summary>
    /// Cancels a phone's sign-up until the event starts, and gives the freed places to the waiting list in order (as long as
    /// the first in line fits). The cancelled sign-up, the promoted ones and the event's counters change in one batch under the
    /// event's ETag, so two cancellations racing cannot give one place twice. A promoted phone is told by SMS (id: event,
    /// "promoted", phone), which a retried cancellation queues again and the SMS log still sends once.
    /// </summary>
    public async Task<CancelResult> CancelAsync(string community, string eventId, string phone, CancellationToken ct)
    {
        for (var attempt = 0; attempt < ConcurrencyAttempts; attempt++)
        {
            if (await store.GetAsync(community, eventId, ct) is not { } current
                || await store.GetSignupAsync(community, eventId, phone, ct) is not { } signup)
            {
                return CancelResult.NotFound;
            }
            var ev = current.Value;
            var all = await store.SignupsAsync(community, eventId, ct);
            if (signup.Status == SignupStatuses.Cancelled)
            {
                foreach (var p in all.Where(s => s.Promoted && s.Status == SignupStatuses.Confirmed))
                {
                    await QueueAnswerAsync(ev, p, "promoted", null, ct);
                }
                return CancelResult.AlreadyCancelled;
            }
            var now = time.GetUtcNow();
            if (!ev.CancellableAt(now))
            {
                return CancelResult.TooLate;
            }
            var wasConfirmed = signup.Status == SignupStatuses.Confirmed;
            var updated = wasConfirmed
                ? ev with { ConfirmedPeople = ev.ConfirmedPeople - signup.People, ConfirmedSignups = ev.ConfirmedSignups - 1 }
                : ev with { WaitingSignups = ev.WaitingSignups - 1 };
            var changed = new List<Signup> { signup with { Status = SignupStatuses.Cancelled, WaitingPosition = null, CancelledAt = now } };
            var promoted = new List<Signup>();
            foreach (var w in all.Where(s => s.Status == SignupStatuses.Waiting && s.Phone != phone)
                         .OrderBy(s => s.WaitingPosition ?? int.MaxValue).ThenBy(s => s.CreatedAt))
            {
                // Only the first in line, then the next: nobody jumps the queue because their party is smaller.
                if (updated.ConfirmedPeople + w.People > updated.Capacity || promoted.Count >= 90)
                {
                    break;
                }
                var p = w with { Status = SignupStatuses.Confirmed, WaitingPosition = null, Promoted = true };
                promoted.Add(p);
                updated = updated with
                {
                    ConfirmedPeople = updated.ConfirmedPeople + p.People, ConfirmedSignups = updated.ConfirmedSignups + 1,
                    WaitingSignups = updated.WaitingSignups - 1,
                };
            }
            if (!await store.TryChangeSignupsAsync(current, updated, [.. changed, .. promoted], ct))
            {
                await Task.Delay(System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, 5 + attempt), ct);
                continue;
            }
            foreach (var p in promoted)
            {
                await QueueAnswerAsync(ev, p, "promoted", null, ct);
            }
            logger.LogInformation("{Phone} cancelled {EventId} ({Status}); {Promoted} promoted from the waiting list",
                PhoneNumber.Mask(phone), eventId, signup.Status, promoted.Count);
            return CancelResult.Cancelled;
        }
        throw new TimeoutException($"Event {eventId} is too busy; cancellation not taken.");
    }

    /// <param name="position">The place in the waiting list told to the phone (people ahead + 1), for a waiting sign-up.</param>
    private Task QueueAnswerAsync(CommunityEvent ev, Signup s, string purpose, int? position, CancellationToken ct)
    {
        var code = CancelCode(ev.Id, s.Phone);
        var text = s.Status == SignupStatuses.Confirmed
            ? composer.Compose(SmsCatalogue.EventConfirmed, s.Language, new Dictionary<string, string>
            {
                ["title"] = ev.Title, ["people"] = s.People.ToString(CultureInfo.InvariantCulture),
                ["start"] = DeskTimes.ForSms(ev.StartsAt, _zone, s.Language), ["place"] = ev.Place, ["code"] = code,
            })
            : composer.Compose(SmsCatalogue.EventWaiting, s.Language, new Dictionary<string, string>
            {
                ["title"] = ev.Title, ["position"] = Math.Max(1, position ?? 1).ToString(CultureInfo.InvariantCulture), ["code"] = code,
            });
        return queue.EnqueueSmsAsync(OutgoingSms.Create(ev.SmsGroup, purpose, s.Phone, text, ev.Community), null, ct);
    }

    private DateTimeOffset? Time(ErrorList e, string field, string? text, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                e.Add(field, "required");
            }
            return null;
        }
        if (!DeskTimes.TryParse(text, _zone, out var value))
        {
            e.Add(field, "datetime_format");
            return null;
        }
        return value;
    }

    /// <summary>The staff export: one row per sign-up, cells that a spreadsheet would run as formulas made inert.</summary>
    public string Csv(CommunityEvent ev, IReadOnlyList<Signup> signups)
    {
        var lines = new List<string> { "status,position,name,phone,building,room,people,signedUpAt" };
        lines.AddRange(signups.Select(s => string.Join(',',
            s.Status, s.WaitingPosition?.ToString(CultureInfo.InvariantCulture) ?? "", Cell(s.Name), s.Phone, Cell(s.Building), Cell(s.Room),
            s.People.ToString(CultureInfo.InvariantCulture), DeskTimes.Format(s.CreatedAt, _zone))));
        return string.Join("\r\n", lines) + "\r\n";
    }

    private static string Cell(string value)
    {
        var safe = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}

/// <summary>
/// The day-before reminder (timer EventReminders, hourly). Between 09:00 and 21:00 local (never in quiet hours)
/// it reminds every confirmed sign-up of events starting tomorrow, local date. Each sign-up is marked once
/// reminded, and the SMS id (event, "reminder", phone) is deterministic, so a sign-up is reminded once however
/// often the timer runs; someone who signs up later that day is reminded at the next run.
/// </summary>
public sealed class EventReminders(IEventStore store, ISmsQueue queue, SmsComposer composer, DeskOptions options, TimeProvider time, ILogger<EventReminders> logger)
{
    private readonly TimeZoneInfo _zone = options.Zone();

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, _zone);
        if (local.Hour is < 9 or >= 21)
        {
            return 0;
        }
        var tomorrow = local.Date.AddDays(1);
        var from = new DateTimeOffset(tomorrow, _zone.GetUtcOffset(tomorrow));
        var to = new DateTimeOffset(tomorrow.AddDays(1), _zone.GetUtcOffset(tomorrow.AddDays(1)));
        var sent = 0;
        await foreach (var ev in store.StartingBetweenAsync(from, to, ct))
        {
            foreach (var s in await store.SignupsAsync(ev.Community, ev.Id, ct))
            {
                // An erased person's sign-up keeps its place without a phone (docs/privacy.md): nobody to remind.
                if (s.Status != SignupStatuses.Confirmed || s.RemindedAt is not null || s.Phone.Length == 0)
                {
                    continue;
                }
                var text = composer.Compose(SmsCatalogue.EventReminder, s.Language, new Dictionary<string, string>
                {
                    ["title"] = ev.Title, ["start"] = DeskTimes.ForSms(ev.StartsAt, _zone, s.Language), ["place"] = ev.Place,
                });
                await queue.EnqueueSmsAsync(OutgoingSms.Create(ev.SmsGroup, "reminder", s.Phone, text, ev.Community), null, ct);
                await store.MarkRemindedAsync(s, now, ct);
                sent++;
            }
        }
        logger.LogInformation("EventReminders: {Count} reminder(s) queued", sent);
        return sent;
    }
}
