using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Core.Configuration;
using PropertyFunctions.Core.Intake;

namespace PropertyFunctions.Api.Functions;

/// <summary>The owner's side of a ticket: submit and look up (DESIGN.md §3).</summary>
public sealed class TicketFunctions(TicketIntake intake, OwnerTickets owners, DeskOptions options, ILogger<TicketFunctions> logger)
{
    private const int MaxIdempotencyKey = 64;

    [Function("SubmitTicket")]
    public Task<IActionResult> Submit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tickets")] HttpRequest req) =>
        Run(req, async () =>
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
                RequestReader.ClientAddress(req), req.HttpContext.RequestAborted);
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
        });

    [Function("GetTicket")]
    public Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tickets/{id}")] HttpRequest req, string id) =>
        Run(req, async () =>
        {
            var view = await owners.GetAsync(id, req.Query["k"].ToString(), req.HttpContext.RequestAborted);
            return view is null
                ? Problem.Of(StatusCodes.Status404NotFound, "not_found", RequestReader.LanguageOf(req))
                : ApiResult.Ok(view);
        });

    private async Task<IActionResult> Run(HttpRequest req, Func<Task<ApiResult>> handler) => await Guard.RunAsync(req, logger, handler);
}
