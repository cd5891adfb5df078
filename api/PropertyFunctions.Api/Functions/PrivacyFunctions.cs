using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Privacy;

namespace PropertyFunctions.Api.Functions;

/// <summary>The body of a privacy request: the phone number concerned.</summary>
public sealed record PrivacyRequest(string? Phone);

/// <summary>Personal data (docs/privacy.md): the nightly retention run, and PIPL access and deletion for one phone number.</summary>
public sealed class PrivacyFunctions(RetentionRun retention, PrivacyDesk desk, TimeProvider time)
{
    /// <summary>Daily at 19:30 UTC, i.e. 03:30 in Asia/Shanghai (timer schedules are UTC): the quietest hour of the desk.</summary>
    [Function("Retention")]
    public async Task Retention([TimerTrigger("0 30 19 * * *")] TimerInfo timer, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        await retention.RunAsync(ct);
        // propertyfunctions.watch.duration{watch=Retention}: one point a day shows the run happened and how long it took.
        DeskMetrics.WatchRan("Retention", time.GetElapsedTime(started));
    }

    /// <summary>Everything held about one phone number, as JSON (PIPL access). Company-wide admins only; recorded in the privacy audit.</summary>
    [Function("PrivacyExport")]
    [StaffRole(StaffRoles.Admin)]
    public Task<IActionResult> Export([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff/privacy/export")] HttpRequest req) =>
        RunAsync(req, desk.ExportAsync);

    /// <summary>Removes or anonymises everything held about one phone number (PIPL deletion) and answers the counts per table.</summary>
    [Function("PrivacyErase")]
    [StaffRole(StaffRoles.Admin)]
    public Task<IActionResult> Erase([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "staff/privacy/erase")] HttpRequest req) =>
        RunAsync(req, desk.EraseAsync);

    private static async Task<IActionResult> RunAsync(HttpRequest req, Func<string?, string, CancellationToken, Task<PrivacyOutcome>> action)
    {
        if (StaffScope.RefuseUnlessCompanyWide(req) is { } refusal)
        {
            return refusal;
        }
        var ct = req.HttpContext.RequestAborted;
        var body = await RequestReader.ReadJsonAsync<PrivacyRequest>(req, ct);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        var staff = req.Staff();
        return await action(body.Value!.Phone, $"{staff.Name} ({staff.Id})", ct) switch
        {
            PrivacyOutcome.Invalid invalid => Problem.Validation(invalid.Errors, RequestReader.LanguageOf(req)),
            PrivacyOutcome.Exported exported => ApiResult.Ok(exported.Export),
            PrivacyOutcome.Erased erased => ApiResult.Ok(erased.Report),
            var other => throw new InvalidOperationException($"Unhandled outcome {other}"),
        };
    }
}
