using System.Globalization;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Core.Events;

/// <summary>POST /api/staff/events.</summary>
public sealed record EventDraft(
    string? Community, string? Title, string? Description, string? Place, string? Start, string? End, int? Capacity, string? SignupDeadline);

/// <summary>POST /api/events/{id}/signups.</summary>
public sealed record SignupForm(string? Name, string? Phone, string? Building, string? Room, int? People);

public abstract record SignupOutcome
{
    /// <summary><paramref name="IsNew"/> is false when this phone had already signed up: the first sign-up is answered again.</summary>
    public sealed record Done(CommunityEvent Event, Signup Signup, bool IsNew) : SignupOutcome;
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : SignupOutcome;
    public sealed record NotFound : SignupOutcome;
    public sealed record Closed : SignupOutcome;
}

/// <summary>Creating events, listing them, and sign-ups with a waiting list.</summary>
public sealed class EventDesk(IEventStore store, ISmsQueue queue, SmsComposer composer, DeskOptions options, TimeProvider time, ILogger<EventDesk> logger)
{
    public const int MaxCapacity = 10_000;
    public const int MaxPeople = 10;
    /// <summary>Enough for every sign-up of a full event racing at once: each round, one of them wins.</summary>
    private const int ConcurrencyAttempts = 200;
    private readonly TimeZoneInfo _zone = options.Zone();

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
        return (ev.Value, signups
            .OrderBy(s => s.Status == SignupStatuses.Confirmed ? 0 : 1)
            .ThenBy(s => s.WaitingPosition ?? 0)
            .ThenBy(s => s.CreatedAt)
            .ToList());
    }

    /// <summary>
    /// Signs a phone up: confirmed while places last (and nobody is waiting, so the list stays first come, first
    /// served), else on the waiting list. The sign-up and the event's counters are written in one batch under
    /// the event's ETag; a lost race re-reads and decides again. One sign-up per phone: a repeat is answered
    /// with the first, and its SMS (same id) is not sent twice.
    /// </summary>
    public async Task<SignupOutcome> SignUpAsync(string id, SignupForm form, string language, CancellationToken ct)
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
        if (id.Length > 32 || await store.FindCommunityAsync(id, ct) is not { } community)
        {
            return new SignupOutcome.NotFound();
        }

        for (var attempt = 0; attempt < ConcurrencyAttempts; attempt++)
        {
            var current = await store.GetAsync(community, id, ct);
            if (current is null)
            {
                return new SignupOutcome.NotFound();
            }
            var ev = current.Value;
            var now = time.GetUtcNow();
            if (now > ev.SignupDeadline)
            {
                return await store.GetSignupAsync(community, id, phone!, ct) is { } late
                    ? new SignupOutcome.Done(ev, late, false)
                    : new SignupOutcome.Closed();
            }
            var confirmed = ev.WaitingSignups == 0 && ev.ConfirmedPeople + people <= ev.Capacity;
            var signup = new Signup(community, id, phone!, name!, building!, room!, people,
                confirmed ? SignupStatuses.Confirmed : SignupStatuses.Waiting, confirmed ? null : ev.WaitingSignups + 1, language, now);
            var updated = confirmed
                ? ev with { ConfirmedPeople = ev.ConfirmedPeople + people, ConfirmedSignups = ev.ConfirmedSignups + 1 }
                : ev with { WaitingSignups = ev.WaitingSignups + 1 };
            switch (await store.TryAddSignupAsync(current, updated, signup, ct))
            {
                case SignupWrite.Added:
                    await QueueAnswerAsync(ev, signup, ct);
                    logger.LogInformation("{Phone} signed up for {EventId}: {Status}", PhoneNumber.Mask(phone), id, signup.Status);
                    return new SignupOutcome.Done(updated, signup, true);
                case SignupWrite.Duplicate:
                    var existing = await store.GetSignupAsync(community, id, phone!, ct);
                    if (existing is null)
                    {
                        continue;
                    }
                    // Queued again in case the first attempt stored the sign-up but failed before queuing: the SMS id is the same.
                    await QueueAnswerAsync(ev, existing, ct);
                    return new SignupOutcome.Done(ev, existing, false);
                default:
                    // Lost the race for the counter: back off a little so the losers do not collide again in lockstep.
                    await Task.Delay(System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, 5 + attempt), ct);
                    continue;
            }
        }
        throw new TimeoutException($"Event {id} is too busy; sign-up not taken.");
    }

    private Task QueueAnswerAsync(CommunityEvent ev, Signup s, CancellationToken ct)
    {
        var text = s.Status == SignupStatuses.Confirmed
            ? composer.Compose(SmsCatalogue.EventConfirmed, s.Language, new Dictionary<string, string>
            {
                ["title"] = ev.Title, ["people"] = s.People.ToString(CultureInfo.InvariantCulture),
                ["start"] = DeskTimes.ForSms(ev.StartsAt, _zone, s.Language), ["place"] = ev.Place,
            })
            : composer.Compose(SmsCatalogue.EventWaiting, s.Language, new Dictionary<string, string>
            {
                ["title"] = ev.Title, ["position"] = (s.WaitingPosition ?? 0).ToString(CultureInfo.InvariantCulture),
            });
        return queue.EnqueueSmsAsync(OutgoingSms.Create(ev.SmsGroup, "signup", s.Phone, text, ev.Community), null, ct);
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
