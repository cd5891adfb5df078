using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Roster;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Api.Functions;

/// <summary>The staff side of tickets: the queue, a ticket's full record, and actions guarded by ETags.</summary>
public sealed class StaffTicketFunctions(StaffTicketQueries queries, StaffActions staffActions)
{
    /// <summary>
    /// The queue: <c>status</c> (a status, or <c>open</c> for every status still worked on: emergencies, then overdue tickets,
    /// then the oldest), <c>department</c>, <c>priority</c>, <c>overdue=true</c>, and <c>q</c>: a ticket id, the owner's phone,
    /// the start of their name, or their unit.
    /// </summary>
    [Function("ListStaffTickets")]
    [StaffRole(StaffRoles.Staff)]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/tickets")] HttpRequest req)
    {
        var q = req.Query;
        var e = new ErrorList();
        var community = e.Community(q["community"]);
        var status = e.Text("status", q["status"], 20, required: false);
        var search = e.Text("q", q["q"], SearchTerm.MaxLength, required: false);
        var department = e.OneOf("department", q["department"].ToString() is { Length: > 0 } d ? d : null, Departments.All, required: false);
        var priority = e.OneOf("priority", q["priority"].ToString() is { Length: > 0 } p ? p : null, Priorities.All, required: false);
        if (e.Any)
        {
            return Problem.Validation(e.Errors, RequestReader.LanguageOf(req));
        }
        if (StaffScope.Refuse(req, community!) is { } refusal)
        {
            return refusal;
        }
        var continuation = q["continuation"].ToString();
        var open = status == "open";
        var page = await queries.QueueAsync(new QueueQuery(community!, new TicketFilter(open ? null : status, department, priority, OpenOnly: open),
            string.Equals(q["overdue"], "true", StringComparison.OrdinalIgnoreCase), continuation.Length == 0 ? null : continuation, search),
            req.HttpContext.RequestAborted);
        return ApiResult.Ok(new { items = page.Items, continuation = page.Continuation });
    }

    /// <summary>Emergencies nobody has accepted yet, across communities: the console shows them in a red banner until someone does.</summary>
    [Function("UnansweredEmergencies")]
    [StaffRole(StaffRoles.Staff)]
    public async Task<IActionResult> Emergencies([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/emergencies")] HttpRequest req) =>
        ApiResult.Ok(new
        {
            items = (await queries.UnansweredEmergenciesAsync(req.HttpContext.RequestAborted)).Where(e => req.Staff().Access.Has(StaffRoles.Staff, e.Community)),
        });

    [Function("GetStaffTicket")]
    [StaffRole(StaffRoles.Staff)]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/tickets/{id}")] HttpRequest req, string id) =>
        await queries.DetailAsync(id, RequestReader.LanguageOf(req), req.HttpContext.RequestAborted) is { } view
            ? StaffScope.Refuse(req, view.Ticket.Community) ?? Detail(view)
            : Problem.Of(StatusCodes.Status404NotFound, "not_found", RequestReader.LanguageOf(req));

    [Function("StaffTicketAction")]
    [StaffRole(StaffRoles.Staff)]
    public async Task<IActionResult> Act([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff/tickets/{id}/actions")] HttpRequest req, string id)
    {
        var language = RequestReader.LanguageOf(req);
        var body = await RequestReader.ReadJsonAsync<ActionBody>(req, req.HttpContext.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        var b = body.Value!;
        var ifMatch = req.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0)
        {
            return Problem.Of(StatusCodes.Status428PreconditionRequired, "if_match_required", language);
        }
        if (!TicketId.TryNormalize(id, out var ticketId))
        {
            return Problem.Of(StatusCodes.Status404NotFound, "not_found", language);
        }
        var request = new ActionRequest(b.Action ?? "", b.Department, b.Assignee, b.Note, b.Public ?? false, b.MergeInto, b.Outcome);
        var staff = req.Staff();
        var outcome = await staffActions.ApplyAsync(ticketId, ifMatch, request,
            new Actor("staff:" + staff.Id, staff.Name, Channels.Console, Access: staff.Access), req.HttpContext.RequestAborted);
        return outcome switch
        {
            ActionOutcome.Done done => await queries.DetailAsync(done, language, req.HttpContext.RequestAborted) is { } view
                ? Detail(view)
                : Problem.Of(StatusCodes.Status404NotFound, "not_found", language),
            ActionOutcome.Stale stale => WithState(Problem.Of(StatusCodes.Status412PreconditionFailed, "conflict", language), stale.Current),
            ActionOutcome.Refused { Code: "forbidden" } => Problem.Of(StatusCodes.Status403Forbidden, "forbidden", language),
            ActionOutcome.Refused refused => WithState(Problem.Of(StatusCodes.Status409Conflict, refused.Code, language, refused.Current.Value.Status), refused.Current),
            ActionOutcome.Invalid invalid => Problem.Validation(invalid.Errors, language),
            _ => Problem.Of(StatusCodes.Status404NotFound, "not_found", language),
        };
    }

    private sealed record ActionBody(string? Action, string? Department, string? Assignee, string? Note, bool? Public, string? MergeInto, MediationOutcome? Outcome);

    /// <summary>The record with its ETag in the body as well as the header: a console on another origin cannot read the header.</summary>
    private static ApiResult Detail(StaffTicketView view) => ApiResult.Ok(view).WithHeader("ETag", view.ETag);

    /// <summary>A refusal that carries the ticket as it is now, so the console can show it without another read.</summary>
    private static ApiResult WithState(ApiResult problem, Versioned<Ticket> current)
    {
        var p = (ProblemBody)problem.Body!;
        return new ApiResult(problem.Status, new { p.Type, p.Title, p.Status, p.Detail, current = current.Value, etag = current.ETag }, Problem.ContentType)
            .WithHeader("ETag", current.ETag);
    }
}
