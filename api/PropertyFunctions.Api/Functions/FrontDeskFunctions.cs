using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Intake;
using PropertyFunctions.Core.Routing;

namespace PropertyFunctions.Api.Functions;

/// <summary>
/// The front desk (客服台): a clerk takes a ticket for an owner who phoned or came to the counter, finds the caller in the records,
/// and sees whether anyone is on duty to send work to.
/// </summary>
public sealed class FrontDeskFunctions(TicketIntake intake, CallerLookup callers, DutyBoard duty, DeskOptions options)
{
    private const int MaxIdempotencyKey = 64;

    /// <summary>
    /// The owner's submission plus <c>channel</c> (phone, counter, wechat, other) and <c>notifyOwner</c> (default true), through the same
    /// intake as <c>POST /api/tickets</c> and answered the same way; the clerk's own rate limits do not apply, and the history names
    /// the clerk and the channel.
    /// </summary>
    [Function("CreateStaffTicket")]
    [StaffRole(StaffRoles.Staff)]
    public async Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff/tickets")] HttpRequest req)
    {
        var language = RequestReader.LanguageOf(req);
        var key = req.Headers["Idempotency-Key"].ToString();
        if (key.Length > MaxIdempotencyKey)
        {
            return Problem.Validation([new FieldError("Idempotency-Key", "too_long", MaxIdempotencyKey)], language);
        }
        var body = await RequestReader.ReadJsonAsync<StaffTicketSubmission>(req, req.HttpContext.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        if (ErrorList.IsCommunitySlug(body.Value!.Community) && StaffScope.Refuse(req, body.Value.Community!) is { } refusal)
        {
            return refusal;
        }
        var staff = req.Staff();
        var (entry, channelErrors) = body.Value.Entry("staff:" + staff.Id, staff.Name);
        if (entry is null)
        {
            return Problem.Validation([.. channelErrors, .. SubmissionValidator.Validate(body.Value, Language.Chinese).Errors], language);
        }
        // The owner's language, unless given, is Chinese: the clerk's console language says nothing about the caller's.
        var outcome = await intake.SubmitAsync(body.Value, Language.Chinese, key.Length == 0 ? null : key, body.BodyHash,
            RequestReader.ClientAddress(req), entry, req.HttpContext.RequestAborted);
        return outcome switch
        {
            SubmitOutcome.Created created => new ApiResult(StatusCodes.Status201Created, created.Receipt)
                .WithHeader("Location", $"/api/staff/tickets/{created.Receipt.Id}"),
            SubmitOutcome.Invalid invalid => Problem.Validation(invalid.Errors, language),
            SubmitOutcome.RateLimited limited => Problem.Of(StatusCodes.Status429TooManyRequests, "rate_limited", language, options.EmergencyPhone),
            SubmitOutcome.IdempotencyMismatch => Problem.Of(StatusCodes.Status422UnprocessableEntity, "idempotency_mismatch", language),
            SubmitOutcome.InProgress => Problem.Of(StatusCodes.Status409Conflict, "in_progress", language).WithHeader("Retry-After", "1"),
            _ => throw new InvalidOperationException($"Unhandled outcome {outcome}"),
        };
    }

    /// <summary>
    /// The caller lookup: <c>q</c> is a phone number, a name (or its start), a unit ("3-2-501", "3栋501") or a ticket id; the answer
    /// lists the units concerned with their residents, open and recent tickets and overdue fees.
    /// </summary>
    [Function("FindCallers")]
    [StaffRole(StaffRoles.Staff)]
    public async Task<IActionResult> Find([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/callers")] HttpRequest req)
    {
        var e = new ErrorList();
        var community = e.Community(req.Query["community"]);
        var q = e.Text("q", req.Query["q"], Core.Tickets.SearchTerm.MaxLength, required: true);
        if (e.Any)
        {
            return Problem.Validation(e.Errors, RequestReader.LanguageOf(req));
        }
        if (StaffScope.Refuse(req, community!) is { } refusal)
        {
            return refusal;
        }
        return await callers.FindAsync(community!, q, req.HttpContext.RequestAborted) is { } found
            ? ApiResult.Ok(found)
            : Problem.Validation([new FieldError("q", "required")], RequestReader.LanguageOf(req));
    }

    /// <summary>Who is on the community's roster per department, and the open tickets the router could send to nobody (the console's red banner).</summary>
    [Function("GetDuty")]
    [StaffRole(StaffRoles.Staff)]
    public async Task<IActionResult> Duty([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/duty")] HttpRequest req)
    {
        var e = new ErrorList();
        var community = e.Community(req.Query["community"]);
        return e.Any
            ? Problem.Validation(e.Errors, RequestReader.LanguageOf(req))
            : StaffScope.Refuse(req, community!) ?? ApiResult.Ok(await duty.ForAsync(community!, req.HttpContext.RequestAborted));
    }
}
