using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Reports;

namespace PropertyFunctions.Api.Functions;

/// <summary>Supervisors' monthly report per department (README "Monthly reports").</summary>
public sealed class ReportFunctions(ReportDesk reports)
{
    private static readonly string[] Formats = ["json", "csv"];
    private static readonly string[] Tables = ["departments", "staff"];

    /// <summary>
    /// <c>?community=&amp;month=yyyy-MM</c>; JSON, or CSV for <c>Accept: text/csv</c> or <c>&amp;format=csv</c>: the departments, or the
    /// per-staff figures with <c>&amp;table=staff</c>.
    /// </summary>
    [Function("StaffReports")]
    [StaffRole(StaffRoles.Supervisor)]
    public async Task<IActionResult> Monthly([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/reports")] HttpRequest req)
    {
        var language = RequestReader.LanguageOf(req);
        var e = new ErrorList();
        var format = e.OneOf("format", req.Query["format"].ToString() is { Length: > 0 } f ? f.ToLowerInvariant() : null, Formats, required: false);
        var table = e.OneOf("table", req.Query["table"].ToString() is { Length: > 0 } t ? t.ToLowerInvariant() : null, Tables, required: false);
        if (e.Any)
        {
            return Problem.Validation(e.Errors, language);
        }
        if (ErrorList.IsCommunitySlug(req.Query["community"]) && StaffScope.Refuse(req, req.Query["community"]!, StaffRoles.Supervisor) is { } refusal)
        {
            return refusal;
        }
        var (report, errors) = await reports.MonthlyAsync(req.Query["community"], req.Query["month"], language, req.HttpContext.RequestAborted);
        if (report is null)
        {
            return Problem.Validation(errors, language);
        }
        var staff = table == "staff";
        return TextResult.WantsCsv(req)
            ? TextResult.Csv(staff ? MonthlyReportCsv.WriteStaff(report, language) : MonthlyReportCsv.Write(report, language), MonthlyReportCsv.FileName(report, staff))
            : ApiResult.Ok(report);
    }
}
