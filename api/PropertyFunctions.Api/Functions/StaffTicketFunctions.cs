using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Residents;
using PropertyFunctions.Core.Roster;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Api.Functions;

/// <summary>The staff side of tickets: the queue, a ticket's full record, and actions guarded by ETags.</summary>
public sealed class StaffTicketFunctions(
    StaffAuth auth,
    ITicketStore tickets,
    ISmsLog smsLog,
    IResidentDirectory residents,
    TicketWork work,
    TicketPhotos photos,
    ServiceLevels levels,
    DeskOptions options,
    TimeProvider time,
    ILogger<StaffTicketFunctions> logger)
{
    private const int PageSize = 50;
    private readonly ServiceLevelPolicy _policy = new(levels, OfficeHours.Default(options.Zone()));

    [Function("ListStaffTickets")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/tickets")] HttpRequest req) =>
        Run(req, StaffRoles.Staff, async _ =>
        {
            var q = req.Query;
            var language = RequestReader.LanguageOf(req);
            var e = new ErrorList();
            var community = e.Community(q["community"]);
            var status = e.Text("status", q["status"], 20, required: false);
            var department = e.OneOf("department", q["department"].ToString() is { Length: > 0 } d ? d : null, Departments.All, required: false);
            var priority = e.OneOf("priority", q["priority"].ToString() is { Length: > 0 } p ? p : null, [Priorities.Emergency, Priorities.Normal], required: false);
            if (e.Any)
            {
                return Problem.Validation(e.Errors, language);
            }
            var continuation = q["continuation"].ToString();
            var (page, next) = await tickets.ListAsync(community!, new TicketFilter(status, department, priority),
                continuation.Length == 0 ? null : continuation, PageSize, req.HttpContext.RequestAborted);
            var now = time.GetUtcNow();
            var overdueOnly = string.Equals(q["overdue"], "true", StringComparison.OrdinalIgnoreCase);
            var items = page.Select(v => Summary(v.Value, now)).Where(s => !overdueOnly || s.Overdue).ToList();
            return ApiResult.Ok(new { items, continuation = next });
        });

    [Function("GetStaffTicket")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/tickets/{id}")] HttpRequest req, string id) =>
        Run(req, StaffRoles.Staff, async _ =>
        {
            var found = TicketId.TryNormalize(id, out var ticketId) && await tickets.FindCommunityAsync(ticketId, req.HttpContext.RequestAborted) is { } community
                ? await tickets.GetWithHistoryAsync(community, ticketId, req.HttpContext.RequestAborted)
                : null;
            if (found is not { } f)
            {
                return Problem.Of(StatusCodes.Status404NotFound, "not_found", RequestReader.LanguageOf(req));
            }
            return await Detail(f.Ticket, f.History, req.HttpContext.RequestAborted);
        });

    [Function("StaffTicketAction")]
    public Task<IActionResult> Act([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff/tickets/{id}/actions")] HttpRequest req, string id) =>
        Run(req, StaffRoles.Staff, async principal =>
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
            var actor = new Actor("staff:" + principal.Id, principal.Name, Channels.Console);
            var outcome = await work.ApplyAsync(ticketId, ifMatch, request, actor, req.HttpContext.RequestAborted);
            return outcome switch
            {
                ActionOutcome.Done done => await Detail(done.Ticket, null, req.HttpContext.RequestAborted),
                ActionOutcome.Stale stale => WithState(Problem.Of(StatusCodes.Status412PreconditionFailed, "conflict", language), stale.Current),
                ActionOutcome.Refused refused => WithState(Problem.Of(StatusCodes.Status409Conflict, refused.Code, language, refused.Current.Value.Status), refused.Current),
                ActionOutcome.Invalid invalid => Problem.Validation(invalid.Errors, language),
                _ => Problem.Of(StatusCodes.Status404NotFound, "not_found", language),
            };
        });

    private sealed record ActionBody(string? Action, string? Department, string? Assignee, string? Note, bool? Public, string? MergeInto, MediationOutcome? Outcome);

    public sealed record TicketSummary(string Id, string Kind, string Status, string? Department, string? Priority, bool Emergency, string Address,
        string Description, string? AcceptedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool Overdue);

    private TicketSummary Summary(Ticket t, DateTimeOffset now) => new(t.Id, t.Kind, t.Status, t.Department, t.Priority, t.Emergency,
        t.Address.ToString(), t.Description.Length > 80 ? t.Description[..80] + "…" : t.Description, t.AcceptedBy, t.CreatedAt, t.UpdatedAt,
        Overdue(t, now));

    /// <summary>
    /// Past its service level by the rule the ServiceLevelWatch timer and the monthly report use: dispatched and not
    /// accepted in time (wall time for an emergency, office time for ordinary work), or open past the resolution target.
    /// </summary>
    private bool Overdue(Ticket t, DateTimeOffset now) => Lifecycle.IsOpen(t.Status) &&
        ((t.AcceptedAt is null && t.DispatchedAt is { } dispatched && _policy.AcceptMissed(t.Emergency, dispatched, now))
            || _policy.ResolveMissed(t.CreatedAt, now));

    private async Task<ApiResult> Detail(Versioned<Ticket> versioned, IReadOnlyList<HistoryEntry>? history, CancellationToken ct)
    {
        var t = versioned.Value;
        if (history is null && await tickets.GetWithHistoryAsync(t.Community, t.Id, ct) is { } fresh)
        {
            (versioned, history) = (fresh.Ticket, fresh.History);
            t = versioned.Value;
        }
        var sms = await smsLog.ForGroupAsync(t.Id, ct);
        IReadOnlyList<Resident> otherParty = t.OtherParty is { } other ? await residents.InUnitAsync(t.Community, other, ct) : [];
        var body = new
        {
            ticket = t,
            address = t.Address.ToString(),
            otherPartyAddress = t.OtherParty?.ToString(),
            otherPartyResidents = otherParty.Select(r => new { r.Name, r.Phone, r.Relation }),
            history,
            photos = await photos.LinksAsync(t, ct),
            sms = sms.Select(s => new { s.Purpose, s.To, s.Text, s.Status, s.Segments, s.FirstAttemptAt, s.Error }),
            availableActions = Lifecycle.Available(t.Status),
            overdue = Overdue(t, time.GetUtcNow()),
            escalation = EscalationLadder.Name(t.EscalationLevel, Language.Chinese),
            etag = versioned.ETag,
        };
        return ApiResult.Ok(body).WithHeader("ETag", versioned.ETag);
    }

    /// <summary>A refusal that carries the ticket as it is now, so the console can show it without another read.</summary>
    private static ApiResult WithState(ApiResult problem, Versioned<Ticket> current)
    {
        var p = (ProblemBody)problem.Body!;
        return new ApiResult(problem.Status, new { p.Type, p.Title, p.Status, p.Detail, current = current.Value, etag = current.ETag }, Problem.ContentType)
            .WithHeader("ETag", current.ETag);
    }

    private async Task<IActionResult> Run(HttpRequest req, string role, Func<StaffPrincipal, Task<ApiResult>> handler)
    {
        var (principal, refusal) = auth.Require(req, role);
        return refusal ?? await Guard.RunAsync(req, logger, () => handler(principal!));
    }
}
