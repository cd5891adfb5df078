using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Fees;
using PropertyFunctions.Core.Imports;

namespace PropertyFunctions.Api.Functions;

/// <summary>The fee ledger: imported by an admin, read by staff, and the hourly reminder timer.</summary>
public sealed class FeeFunctions(IFeeLedger ledger, FeeReminderRun reminders, TimeProvider time, ILogger<FeeFunctions> logger)
{
    /// <summary>The most rows one listing returns; narrow by building for more.</summary>
    public const int MaxListed = 2000;

    /// <summary>Inserts or updates ledger rows; every row valid or nothing changes. Re-importing a period updates it and keeps its reminders.</summary>
    [Function("PutFees")]
    [StaffRole(StaffRoles.Admin)]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "staff/fees")] HttpRequest req) =>
        Imports.RunAsync(req, FeeImport.Validate, f => f.Community, ledger.UpsertAsync, logger, "fee");

    /// <summary>What is owed in a community (<c>overdue=true</c>: past its due date), with the reminders sent. One partition query.</summary>
    [Function("GetFees")]
    [StaffRole(StaffRoles.Staff)]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/fees")] HttpRequest req)
    {
        var errors = new ErrorList();
        var community = errors.Community(req.Query["community"]);
        var building = errors.Text("building", req.Query["building"], 20, required: false);
        var overdueText = req.Query["overdue"].ToString();
        var overdue = ImportReader.ParseBool(overdueText);
        if (overdue is null && overdueText.Length > 0)
        {
            errors.Add("overdue", "overdue_bool");
        }
        if (errors.Any)
        {
            return Problem.Validation(errors.Errors, RequestReader.LanguageOf(req));
        }
        if (StaffScope.Refuse(req, community!) is { } refusal)
        {
            return refusal;
        }
        var today = reminders.Policy.LocalDate(time.GetUtcNow());
        var items = new List<object>();
        var truncated = false;
        await foreach (var fee in ledger.InCommunityAsync(community!, building, req.HttpContext.RequestAborted))
        {
            if (fee.IsPaid || (overdue == true && fee.DueDate >= today))
            {
                continue;
            }
            if (items.Count == MaxListed)
            {
                truncated = true;
                break;
            }
            items.Add(View(fee, today));
        }
        return ApiResult.Ok(new { community, today = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), items, truncated });
    }

    /// <summary>Hourly (UTC); the policy decides the local window (no reminders 21:00–08:00).</summary>
    [Function("FeeReminders")]
    public async Task Remind([TimerTrigger("0 0 * * * *")] TimerInfo timer, CancellationToken ct) => await reminders.RunAsync(ct);

    internal static object View(FeeEntry fee, DateOnly today) => new
    {
        fee.Unit.Building,
        Unit = fee.Unit.Unit ?? "",
        fee.Unit.Room,
        fee.FeeType,
        fee.Period,
        fee.Amount,
        Paid = fee.Paid,
        fee.Owed,
        DueDate = fee.DueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DaysOverdue = Math.Max(0, today.DayNumber - fee.DueDate.DayNumber),
        Reminders = fee.Reminders.Select(r => new { r.Stage, r.At, r.To, r.Name }),
        // The schedule's rate and the owner's promised date (their home page): null when there is none.
        fee.Rate,
        PromisedBy = fee.PromisedBy?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };
}
