using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Roster;

namespace PropertyFunctions.Api.Functions;

/// <summary>Duty rosters: imported by an admin, read by staff.</summary>
public sealed class RosterFunctions(IRosterStore rosters, ILogger<RosterFunctions> logger)
{
    /// <summary>
    /// Replaces the rosters of the communities in the import; every row valid or nothing changes. The answer's <c>warnings</c>
    /// name each community whose roster lacks a role the emergency ladder pages (a supervisor, a manager).
    /// </summary>
    [Function("PutRoster")]
    [StaffRole(StaffRoles.Admin)]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "staff/roster")] HttpRequest req) =>
        Imports.RunAsync(req, RosterImport.Validate, s => s.Community, rosters.ReplaceAsync, logger, "roster", (staff, language) => DutyRoster.LadderGaps(staff)
            .Select(gap => new Imports.Warning(gap.Community, gap.Role, Messages.Get("roster.no_" + gap.Role, language, gap.Community))).ToList());

    [Function("GetRoster")]
    [StaffRole(StaffRoles.Staff)]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/roster")] HttpRequest req)
    {
        var community = req.Query["community"].ToString();
        if (string.IsNullOrWhiteSpace(community))
        {
            return Problem.Validation([new FieldError("community", "required")], RequestReader.LanguageOf(req));
        }
        if (StaffScope.Refuse(req, community) is { } refusal)
        {
            return refusal;
        }
        var roster = await rosters.GetAsync(community, req.HttpContext.RequestAborted);
        return ApiResult.Ok(roster.Select(s => new
        {
            s.Name, s.Phone, s.Department, s.Role, s.OnCall, Shifts = RosterImport.FormatShifts(s.Shifts),
        }));
    }
}
