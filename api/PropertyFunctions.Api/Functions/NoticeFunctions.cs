using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Intake;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Notices;

namespace PropertyFunctions.Api.Functions;

/// <summary>
/// Community notices: staff publish, update ("restored at 15:40") and withdraw; owners read the current ones;
/// the notice-fanout queue broadcasts them by SMS (see <see cref="NoticeBroadcaster"/>).
/// </summary>
public sealed class NoticeFunctions(NoticeDesk desk, NoticeBroadcaster broadcaster, NoticeOutboxSweep sweep, NoticeAnswers answers, DeskOptions options,
    ILogger<NoticeFunctions> logger)
{
    private readonly TimeZoneInfo _zone = options.Zone();

    private const int MaxIdempotencyKey = 64;

    /// <summary>An <c>Idempotency-Key</c> header (the console sends one per form) makes a retry return the notice it created.</summary>
    [Function("CreateNotice")]
    [StaffRole(StaffRoles.Staff)]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff/notices")] HttpRequest req) =>
        req.Headers["Idempotency-Key"].ToString() is { Length: > MaxIdempotencyKey }
            ? Task.FromResult<IActionResult>(Problem.Validation([new FieldError("Idempotency-Key", "too_long", MaxIdempotencyKey)], RequestReader.LanguageOf(req)))
            : StaffBody<NoticeDraft>(req, b => Task.FromResult((b.Community, b.SendSms == true)), async (principal, body, language) =>
                Answer(await desk.CreateAsync(body, principal.Name, req.Headers["Idempotency-Key"].ToString(), req.HttpContext.RequestAborted),
                    language, StatusCodes.Status201Created));

    /// <summary>
    /// Adds an update (optionally "resolved"), which is a new version: with SMS it goes to the same households. The owners whose
    /// questions the notice answered are told either way (<see cref="NoticeAnswers.TellAsync"/>).
    /// </summary>
    [Function("UpdateNotice")]
    [StaffRole(StaffRoles.Staff)]
    public Task<IActionResult> Update([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "staff/notices/{id}")] HttpRequest req, string id) =>
        StaffBody<NoticeChange>(req, async b => (b.Community, b.SendSms ?? await SendsSmsAsync(b.Community, id, req.HttpContext.RequestAborted)), async (principal, body, language) =>
            Answer(await TellAsync(await desk.UpdateAsync(id, body, req.Headers.IfMatch.ToString(), principal.Name, req.HttpContext.RequestAborted),
                req.HttpContext.RequestAborted), language, StatusCodes.Status200OK));

    [Function("WithdrawNotice")]
    [StaffRole(StaffRoles.Staff)]
    public Task<IActionResult> Withdraw([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff/notices/{id}/withdraw")] HttpRequest req, string id) =>
        StaffBody<NoticeWithdrawal>(req, b => Task.FromResult((b.Community, false)), async (principal, body, language) =>
            Answer(await TellAsync(await desk.WithdrawAsync(id, body, req.Headers.IfMatch.ToString(), principal.Name, req.HttpContext.RequestAborted),
                req.HttpContext.RequestAborted), language, StatusCodes.Status200OK));

    /// <summary>Whether an update that does not say inherits SMS from its notice (an unknown notice: no; the desk answers 404).</summary>
    private async Task<bool> SendsSmsAsync(string? community, string id, CancellationToken ct) =>
        ErrorList.IsCommunitySlug(community) && id.Length <= 32 && await desk.DetailAsync(community!, id, ct) is { } found && found.Notice.Value.SendSms;

    /// <summary>A change made is told to the owners the notice answered before the clerk hears it is done.</summary>
    private async Task<NoticeOutcome> TellAsync(NoticeOutcome outcome, CancellationToken ct)
    {
        if (outcome is NoticeOutcome.Done done)
        {
            await answers.TellAsync(done.Notice, ct);
        }
        return outcome;
    }

    /// <summary>The staff list: every notice of the community (withdrawn too), newest first.</summary>
    [Function("ListStaffNotices")]
    [StaffRole(StaffRoles.Staff)]
    public async Task<IActionResult> ListForStaff([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/notices")] HttpRequest req)
    {
        var language = RequestReader.LanguageOf(req);
        if (CommunityOf(req, language, out var problem) is not { } community)
        {
            return problem!;
        }
        if (StaffScope.Refuse(req, community) is { } refusal)
        {
            return refusal;
        }
        var notices = await desk.RecentAsync(community, req.HttpContext.RequestAborted);
        return ApiResult.Ok(notices.Select(n => StaffView(n, null)).ToList());
    }

    /// <summary>One notice with its broadcast figures per version (queued, skipped, sent, failed).</summary>
    [Function("GetStaffNotice")]
    [StaffRole(StaffRoles.Staff)]
    public async Task<IActionResult> GetForStaff([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/notices/{id}")] HttpRequest req, string id)
    {
        var language = RequestReader.LanguageOf(req);
        if (CommunityOf(req, language, out var problem) is not { } community)
        {
            return problem!;
        }
        if (StaffScope.Refuse(req, community) is { } refusal)
        {
            return refusal;
        }
        var detail = id.Length <= 32 ? await desk.DetailAsync(community, id, req.HttpContext.RequestAborted) : null;
        return detail is { } d
            ? ApiResult.Ok(StaffView(d.Notice.Value, d.Counts, d.Notice.ETag)).WithHeader("ETag", d.Notice.ETag)
            : Problem.Of(StatusCodes.Status404NotFound, "notice_not_found", language);
    }

    /// <summary>Owners: the community's current notices, outages first.</summary>
    [Function("ListNotices")]
    public async Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "notices")] HttpRequest req)
    {
        var language = RequestReader.LanguageOf(req);
        if (CommunityOf(req, language, out var problem) is not { } community)
        {
            return problem!;
        }
        var notices = await desk.CurrentAsync(community, req.HttpContext.RequestAborted);
        return ApiResult.Ok(notices.Select(PublicView).ToList());
    }

    /// <summary>Every five minutes: queues again the SMS broadcasts still pending in the outbox (a failed enqueue, a lost plan).</summary>
    [Function("NoticeOutboxSweep")]
    public async Task Sweep([TimerTrigger("30 */5 * * * *")] TimerInfo timer, CancellationToken ct) => await sweep.RunAsync(ct);

    [Function("NoticeFanout")]
    public async Task Fanout([QueueTrigger(StorageNames.NoticeFanoutQueue)] string message, CancellationToken ct)
    {
        var parsed = QueueWorkQueue.Read<NoticeFanoutMessage>(message);
        if (parsed is not { Community.Length: > 0, NoticeId.Length: > 0, Version: > 0, Skip: >= 0, Take: >= 0, Offset: >= 0 })
        {
            // Retrying cannot fix a malformed message.
            logger.LogError("Malformed notice-fanout message dropped");
            return;
        }
        await broadcaster.HandleAsync(parsed, ct);
    }

    private ApiResult Answer(NoticeOutcome outcome, string language, int successStatus) => outcome switch
    {
        NoticeOutcome.Done done => new ApiResult(successStatus, StaffView(done.Notice, null, done.ETag))
            .WithHeader("ETag", done.ETag)
            .WithHeader("Location", $"/api/staff/notices/{done.Notice.Id}?community={done.Notice.Community}"),
        NoticeOutcome.Invalid invalid => Problem.Validation(invalid.Errors, language),
        NoticeOutcome.NotFound => Problem.Of(StatusCodes.Status404NotFound, "notice_not_found", language),
        NoticeOutcome.Withdrawn => Problem.Of(StatusCodes.Status409Conflict, "notice_withdrawn", language),
        NoticeOutcome.KeyReused => Problem.Of(StatusCodes.Status422UnprocessableEntity, "idempotency_mismatch", language),
        NoticeOutcome.Stale stale => new ApiResult(StatusCodes.Status412PreconditionFailed, new
        {
            type = "https://propertyfunctions.dev/problems/notice-stale",
            title = Messages.Get("title.notice_stale", language),
            status = StatusCodes.Status412PreconditionFailed,
            detail = Messages.Get("detail.notice_stale", language),
            current = StaffView(stale.Current, null, stale.ETag),
        }, Problem.ContentType).WithHeader("ETag", stale.ETag),
        _ => throw new InvalidOperationException($"Unhandled outcome {outcome}"),
    };

    private static string? CommunityOf(HttpRequest req, string language, out ApiResult? problem)
    {
        var e = new ErrorList();
        var community = e.Community(req.Query["community"].ToString());
        problem = e.Any ? Problem.Validation(e.Errors, language) : null;
        return community;
    }

    private object PublicView(Notice n) => new
    {
        n.Id,
        n.Community,
        n.Type,
        Outage = NoticeTypes.IsOutage(n.Type),
        Safety = NoticeTypes.IsSafety(n.Type),
        n.Title,
        n.Body,
        n.Buildings,
        AllBuildings = n.Buildings.Count == 0,
        Start = DeskTimes.Format(n.StartsAt, _zone),
        ExpectedEnd = n.ExpectedEndAt is { } end ? DeskTimes.Format(end, _zone) : null,
        n.Status,
        ResolvedAt = n.ResolvedAt is { } resolved ? DeskTimes.Format(resolved, _zone) : null,
        Updates = n.Updates.Where(u => u.Version > 1).Select(u => new { At = DeskTimes.Format(u.At, _zone), u.Text }).ToList(),
        UpdatedAt = DeskTimes.Format(n.UpdatedAt, _zone),
    };

    /// <param name="etag">Also in the body: a console on another origin cannot read the ETag header unless CORS exposes it.</param>
    private object StaffView(Notice n, IReadOnlyList<BroadcastCounts>? counts, string? etag = null) => new
    {
        n.Id,
        etag,
        n.Community,
        n.Type,
        Outage = NoticeTypes.IsOutage(n.Type),
        Safety = NoticeTypes.IsSafety(n.Type),
        n.Title,
        n.Body,
        n.Buildings,
        AllBuildings = n.Buildings.Count == 0,
        Start = DeskTimes.Format(n.StartsAt, _zone),
        ExpectedEnd = n.ExpectedEndAt is { } end ? DeskTimes.Format(end, _zone) : null,
        n.SendSms,
        n.Status,
        n.Version,
        Updates = n.Updates.Select(u => new { u.Version, At = DeskTimes.Format(u.At, _zone), u.Text, u.Sms }).ToList(),
        CreatedAt = DeskTimes.Format(n.CreatedAt, _zone),
        n.CreatedBy,
        UpdatedAt = DeskTimes.Format(n.UpdatedAt, _zone),
        ResolvedAt = n.ResolvedAt is { } resolved ? DeskTimes.Format(resolved, _zone) : null,
        WithdrawnAt = n.WithdrawnAt is { } withdrawn ? DeskTimes.Format(withdrawn, _zone) : null,
        Broadcasts = counts,
    };

    /// <summary>
    /// A staff endpoint with a JSON body: a readable body, the caller's right to its community (a supervisor's when it texts
    /// households: a broadcast reaches every home), then the handler with the signed-in staff member.
    /// </summary>
    private static async Task<IActionResult> StaffBody<T>(HttpRequest req, Func<T, Task<(string? Community, bool Broadcast)>> scope,
        Func<StaffPrincipal, T, string, Task<ApiResult>> handle) where T : class
    {
        var body = await RequestReader.ReadJsonAsync<T>(req, req.HttpContext.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        var (community, broadcast) = await scope(body.Value!);
        if (ErrorList.IsCommunitySlug(community) && StaffScope.Refuse(req, community!, broadcast ? StaffRoles.Supervisor : StaffRoles.Staff) is { } refusal)
        {
            return refusal;
        }
        return await handle(req.Staff(), body.Value!, RequestReader.LanguageOf(req));
    }
}
