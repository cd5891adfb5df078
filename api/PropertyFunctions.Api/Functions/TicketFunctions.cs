using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Intake;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Api.Functions;

/// <summary>The owner's side of a ticket: submit and look up (docs/architecture.md, "HTTP contract").</summary>
public sealed class TicketFunctions(TicketIntake intake, OwnerTickets owners, OwnerActions ownerActions, NoticeAnswers noticeAnswers, TicketPhotos photos,
    TicketToken tokens, ILinkStore links, PhotoUploadSweep uploadSweep, DeskOptions options)
{
    private const int MaxIdempotencyKey = 64;

    [Function("SubmitTicket")]
    public async Task<IActionResult> Submit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tickets")] HttpRequest req)
    {
        var language = RequestReader.LanguageOf(req);
        var key = req.Headers["Idempotency-Key"].ToString();
        if (key.Length > MaxIdempotencyKey)
        {
            return Problem.Validation([new FieldError("Idempotency-Key", "too_long", MaxIdempotencyKey)], language);
        }
        var body = await RequestReader.ReadJsonAsync<TicketSubmission>(req, req.HttpContext.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        var outcome = await intake.SubmitAsync(body.Value!, language, key.Length == 0 ? null : key, body.BodyHash,
            RequestReader.ClientAddress(req), entry: null, req.HttpContext.RequestAborted);
        return outcome switch
        {
            SubmitOutcome.Created created => new ApiResult(StatusCodes.Status201Created, created.Receipt)
                .WithHeader("Location", $"/api/tickets/{created.Receipt.Id}?k={created.Receipt.Token}"),
            SubmitOutcome.Invalid invalid => Problem.Validation(invalid.Errors, language),
            SubmitOutcome.RateLimited limited => Problem.Of(StatusCodes.Status429TooManyRequests, "rate_limited", language, options.EmergencyPhone)
                .WithHeader("Retry-After", ((int)Math.Ceiling(limited.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            SubmitOutcome.IdempotencyMismatch => Problem.Of(StatusCodes.Status422UnprocessableEntity, "idempotency_mismatch", language),
            SubmitOutcome.InProgress => Problem.Of(StatusCodes.Status409Conflict, "in_progress", language).WithHeader("Retry-After", "1"),
            _ => throw new InvalidOperationException($"Unhandled outcome {outcome}"),
        };
    }

    [Function("GetTicket")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tickets/{id}")] HttpRequest req, string id)
    {
        var view = await owners.GetAsync(id, req.Query["k"].ToString(), RequestReader.AskedLanguageOf(req), req.HttpContext.RequestAborted);
        return view is null
            ? Problem.Of(StatusCodes.Status404NotFound, "not_found", RequestReader.LanguageOf(req))
          : ApiResult.Ok(view);
    }

    /// <summary>
    /// An SMS's short link <c>/t/{code}</c>: the tracking page asks which ticket it opens and gets the id with its token,
    /// so the token itself never has to travel in an SMS. Unknown codes and task links answer 404.
    /// </summary>
    [Function("OpenLink")]
    public async Task<IActionResult> OpenLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "links/{code}")] HttpRequest req, string code)
    {
        var link = TicketLinks.LooksLikeCode(code) ? await links.FindAsync(code, req.HttpContext.RequestAborted) : null;
        return link is { Kind: LinkKinds.Tracking }
            ? ApiResult.Ok(new { id = link.TicketId, token = tokens.For(link.TicketId) })
          : Problem.Of(StatusCodes.Status404NotFound, "not_found", RequestReader.LanguageOf(req));
    }

    /// <summary>The owner rates a resolved ticket: 1–5, fixed or not, an optional comment.</summary>
    [Function("TicketFeedback")]
    public Task<IActionResult> Feedback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tickets/{id}/feedback")] HttpRequest req, string id) =>
        OwnerAction<FeedbackBody>(req, id, (ticketId, body, language) =>
        {
            var e = new ErrorList();
            if (body.Score is not (>= 1 and <= 5))
            {
                e.Add("score", "score_range");
            }
            var comment = e.Text("comment", body.Comment, 500, required: false, multiline: true);
            return e.Any
                ? Task.FromResult<ActionOutcome>(new ActionOutcome.Invalid(e.Errors))
              : ownerActions.RateAsync(ticketId, body.Score!.Value, body.Fixed, comment, Channels.Web, req.HttpContext.RequestAborted);
        });

    /// <summary>The owner escalates: the answer says which level of the ladder now has it and what comes next.</summary>
    [Function("TicketEscalation")]
    public Task<IActionResult> Escalate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tickets/{id}/escalations")] HttpRequest req, string id) =>
        OwnerAction<EscalationBody>(req, id, (ticketId, body, language) =>
        {
            var e = new ErrorList();
            var reason = e.Text("reason", body.Reason, 500, required: true, multiline: true);
            return e.Any
                ? Task.FromResult<ActionOutcome>(new ActionOutcome.Invalid(e.Errors))
              : ownerActions.EscalateAsync(ticketId, reason!, req.HttpContext.RequestAborted);
        });

    /// <summary>
    /// The owner of a ticket an outage notice answered says their case is different (<c>{ reason? }</c>): it opens again for a person,
    /// routed and dispatched as usual. 409 when a notice did not answer it.
    /// </summary>
    [Function("TicketReopenForPerson")]
    public Task<IActionResult> ReopenForPerson(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tickets/{id}/reopen")] HttpRequest req, string id) =>
        OwnerAction<EscalationBody>(req, id, (ticketId, body, language) =>
        {
            var e = new ErrorList();
            var reason = e.Text("reason", body.Reason, 500, required: false, multiline: true);
            return e.Any
                ? Task.FromResult<ActionOutcome>(new ActionOutcome.Invalid(e.Errors))
              : noticeAnswers.ReopenForPersonAsync(ticketId, reason, req.HttpContext.RequestAborted);
        });

    /// <summary>
    /// The owner asks to add a photo: <c>{ contentType: "image/jpeg", size }</c> answers 201 with a URL that accepts one
    /// PUT of that photo for a few minutes. The browser then calls <see cref="AttachPhoto"/>.
    /// </summary>
    [Function("TicketPhotoUpload")]
    public Task<IActionResult> RequestPhotoUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tickets/{id}/photos")] HttpRequest req, string id) =>
        OwnerAction<PhotoBody>(req, id, (ticketId, body, _) => photos.RequestUploadAsync(ticketId, body.ContentType, body.Size, req.HttpContext.RequestAborted));

    /// <summary>After the upload: the API checks the photo (JPEG, at most 2 MB) and attaches it, or deletes it and says why.</summary>
    [Function("TicketPhotoAttach")]
    public Task<IActionResult> AttachPhoto(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tickets/{id}/photos/{number}/attach")] HttpRequest req, string id, string number) =>
        OwnerAction<PhotoBody>(req, id, (ticketId, _, _) =>
            int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                ? photos.AttachAsync(ticketId, n, req.HttpContext.RequestAborted)
              : Task.FromResult<ActionOutcome>(new ActionOutcome.NotFound()));

    /// <summary>Hourly: deletes photo uploads that were never attached within a day (<see cref="PhotoUploadSweep"/>).</summary>
    [Function("PhotoUploadSweep")]
    public async Task SweepUploads([TimerTrigger("0 20 * * * *")] TimerInfo timer, CancellationToken ct) => await uploadSweep.RunAsync(ct);

    private sealed record PhotoBody(string? ContentType, long? Size);

    private sealed record FeedbackBody(int? Score, bool? Fixed, string? Comment);

    private sealed record EscalationBody(string? Reason);

    /// <summary>Token check, body, action, and the owner's view of the result (or the problem).</summary>
    private async Task<IActionResult> OwnerAction<T>(HttpRequest req, string id, Func<string, T, string, Task<ActionOutcome>> action) where T : class
    {
        var language = RequestReader.LanguageOf(req);
        var token = req.Query["k"].ToString();
        if (!TicketId.TryNormalize(id, out var ticketId) || !tokens.Verify(ticketId, token))
        {
            return Problem.Of(StatusCodes.Status404NotFound, "not_found", language);
        }
        var body = await RequestReader.ReadJsonAsync<T>(req, req.HttpContext.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        var outcome = await action(ticketId, body.Value!, language);
        return outcome switch
        {
            ActionOutcome.Done => ApiResult.Ok((await owners.GetAsync(ticketId, token, RequestReader.AskedLanguageOf(req), req.HttpContext.RequestAborted))!),
            ActionOutcome.UploadReady ready => new ApiResult(StatusCodes.Status201Created, ready.Upload),
            ActionOutcome.Invalid invalid => Problem.Validation(invalid.Errors, language),
            ActionOutcome.Refused refused => Problem.Of(StatusCodes.Status409Conflict, refused.Code, language, refused.Current.Value.Status),
            _ => Problem.Of(StatusCodes.Status404NotFound, "not_found", language),
        };
    }
}
