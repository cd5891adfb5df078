using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Events;

namespace PropertyFunctions.Api.Functions;

/// <summary>Community events: staff create them and see the sign-ups; owners list them and sign up; a timer reminds the day before.</summary>
public sealed class EventFunctions(EventDesk desk, EventReminders reminders, DeskOptions options, TimeProvider time)
{
    private readonly TimeZoneInfo _zone = options.Zone();

    [Function("CreateEvent")]
    [StaffRole(StaffRoles.Staff)]
    public async Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff/events")] HttpRequest req)
    {
        var body = await RequestReader.ReadJsonAsync<EventDraft>(req, req.HttpContext.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        if (ErrorList.IsCommunitySlug(body.Value!.Community) && StaffScope.Refuse(req, body.Value.Community!) is { } refusal)
        {
            return refusal;
        }
        var (ev, errors) = await desk.CreateAsync(body.Value!, req.Staff().Name, req.HttpContext.RequestAborted);
        return ev is null
            ? Problem.Validation(errors, RequestReader.LanguageOf(req))
            : new ApiResult(StatusCodes.Status201Created, View(ev)).WithHeader("Location", $"/api/staff/events/{ev.Id}/signups");
    }

    /// <summary>Owners: events that have not ended, soonest first, with the places left.</summary>
    [Function("ListEvents")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events")] HttpRequest req)
    {
        var e = new ErrorList();
        if (e.Community(req.Query["community"].ToString()) is not { } community)
        {
            return Problem.Validation(e.Errors, RequestReader.LanguageOf(req));
        }
        var events = await desk.UpcomingAsync(community, req.HttpContext.RequestAborted);
        return ApiResult.Ok(events.Select(View).ToList());
    }

    /// <summary>
    /// 202 with the same body for every well-formed sign-up to an open event, whether it was new or a repeat, confirmed,
    /// waiting or refused for a full waiting list: the answer reveals nothing about who signed up. The SMS tells the phone.
    /// </summary>
    [Function("SignUpForEvent")]
    public async Task<IActionResult> SignUp([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{id}/signups")] HttpRequest req, string id)
    {
        var language = RequestReader.LanguageOf(req);
        var body = await RequestReader.ReadJsonAsync<SignupForm>(req, req.HttpContext.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        return SignupAnswer(await desk.SignUpAsync(id, body.Value!, language, RequestReader.ClientAddress(req), req.HttpContext.RequestAborted),
            language, options.EmergencyPhone);
    }

    /// <summary>How a sign-up is answered, from the form or the owner's home: the same 202 for every well-formed one.</summary>
    public static IActionResult SignupAnswer(SignupOutcome outcome, string language, string emergencyPhone) =>
        outcome switch
        {
            SignupOutcome.Accepted accepted => new ApiResult(StatusCodes.Status202Accepted, new
            {
                EventId = accepted.Event.Id,
                Message = Messages.Get("signup.received", language),
            }),
            SignupOutcome.Invalid invalid => Problem.Validation(invalid.Errors, language),
            SignupOutcome.NotFound => Problem.Of(StatusCodes.Status404NotFound, "event_not_found", language),
            SignupOutcome.Closed => Problem.Of(StatusCodes.Status409Conflict, "signups_closed", language),
            SignupOutcome.RateLimited limited => Problem.Of(StatusCodes.Status429TooManyRequests, "rate_limited", language, emergencyPhone)
                .WithHeader("Retry-After", ((int)Math.Ceiling(limited.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            _ => throw new InvalidOperationException($"Unhandled outcome {outcome}"),
        };

    /// <summary>The owner's own sign-up, opened by the code in their SMS (<c>/e/{code}</c>): the code is the credential.</summary>
    [Function("GetEventSignup")]
    public async Task<IActionResult> GetSignup([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "event-signups/{code}")] HttpRequest req, string code)
    {
        if (await desk.FindByCodeAsync(code, req.HttpContext.RequestAborted) is not { } found)
        {
            return Problem.Of(StatusCodes.Status404NotFound, "signup_not_found", RequestReader.LanguageOf(req));
        }
        return ApiResult.Ok(new
        {
            EventId = found.Event.Id,
            found.Event.Title,
            found.Event.Place,
            Start = DeskTimes.Format(found.Event.StartsAt, _zone),
            found.Signup.Status,
            found.Signup.People,
            CanCancel = found.Signup.Status != SignupStatuses.Cancelled && found.Event.CancellableAt(time.GetUtcNow()),
        });
    }

    /// <summary>Cancels the sign-up the code opens; a repeat answers the same. The first on the waiting list is told by SMS.</summary>
    [Function("CancelEventSignup")]
    public async Task<IActionResult> Cancel([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "event-signups/{code}/cancel")] HttpRequest req,
        string code)
    {
        var language = RequestReader.LanguageOf(req);
        return CancelAnswer(await desk.CancelByCodeAsync(code, req.HttpContext.RequestAborted), language);
    }

    /// <summary>How a cancellation is answered, from the SMS link or the owner's home; a repeat answers the same.</summary>
    public static IActionResult CancelAnswer(CancelResult result, string language) => result switch
    {
        CancelResult.Cancelled or CancelResult.AlreadyCancelled =>
            ApiResult.Ok(new { Status = SignupStatuses.Cancelled, Message = Messages.Get("signup.cancelled", language) }),
        CancelResult.TooLate => Problem.Of(StatusCodes.Status409Conflict, "event_started", language),
        _ => Problem.Of(StatusCodes.Status404NotFound, "signup_not_found", language),
    };

    /// <summary>Staff: the sign-up list, confirmed first then the waiting list in order; <c>?format=csv</c> exports it.</summary>
    [Function("ListEventSignups")]
    [StaffRole(StaffRoles.Staff)]
    public async Task<IActionResult> Signups([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/events/{id}/signups")] HttpRequest req, string id)
    {
        if (await desk.SignupsAsync(id, req.HttpContext.RequestAborted) is not { } found)
        {
            return Problem.Of(StatusCodes.Status404NotFound, "event_not_found", RequestReader.LanguageOf(req));
        }
        if (StaffScope.Refuse(req, found.Event.Community) is { } refusal)
        {
            return refusal;
        }
        if (TextResult.WantsCsv(req))
        {
            return TextResult.Csv(desk.Csv(found.Event, found.Signups), $"signups-{found.Event.Id}.csv");
        }
        return ApiResult.Ok(new
        {
            Event = View(found.Event),
            Signups = found.Signups.Select(s => new
            {
                s.Name, s.Phone, s.Building, s.Room, s.People, s.Status, s.WaitingPosition,
                SignedUpAt = DeskTimes.Format(s.CreatedAt, _zone),
                RemindedAt = s.RemindedAt is { } r ? DeskTimes.Format(r, _zone) : null,
            }).ToList(),
        });
    }

    /// <summary>Hourly; the domain decides the window (the day before, 09:00–21:00 local).</summary>
    [Function("EventReminders")]
    public async Task Remind([TimerTrigger("0 0 * * * *")] TimerInfo timer, CancellationToken ct) => await reminders.RunAsync(ct);

    private object View(CommunityEvent e) => new
    {
        e.Id,
        e.Community,
        e.Title,
        e.Description,
        e.Place,
        Start = DeskTimes.Format(e.StartsAt, _zone),
        End = DeskTimes.Format(e.EndsAt, _zone),
        e.Capacity,
        Confirmed = e.ConfirmedPeople,
        e.PlacesLeft,
        Waiting = e.WaitingSignups,
        SignupDeadline = DeskTimes.Format(e.SignupDeadline, _zone),
        SignupOpen = e.SignupOpenAt(time.GetUtcNow()),
    };
}
