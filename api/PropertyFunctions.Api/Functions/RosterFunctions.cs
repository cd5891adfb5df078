using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Roster;

namespace PropertyFunctions.Api.Functions;

/// <summary>Duty rosters: imported by an admin, read by staff.</summary>
public sealed class RosterFunctions(StaffAuth auth, IRosterStore rosters, ILogger<RosterFunctions> logger)
{
    /// <summary>Replaces the rosters of the communities in the import; every row valid or nothing changes.</summary>
    [Function("PutRoster")]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "staff/roster")] HttpRequest req) =>
        Run(req, () => Imports.RunAsync(req, auth, RosterImport.Validate, rosters.ReplaceAsync, logger, "roster"));

    [Function("GetRoster")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/roster")] HttpRequest req) =>
        Run(req, async () =>
        {
            var (_, refusal) = auth.Require(req, StaffRoles.Staff);
            if (refusal is not null)
            {
                return refusal;
            }
            var community = req.Query["community"].ToString();
            if (string.IsNullOrWhiteSpace(community))
            {
                return Problem.Validation([new FieldError("community", "required")], RequestReader.LanguageOf(req));
            }
            var roster = await rosters.GetAsync(community, req.HttpContext.RequestAborted);
            return ApiResult.Ok(roster.Select(s => new
            {
                s.Name, s.Phone, s.Department, s.Role, s.OnCall, Shifts = RosterImport.FormatShifts(s.Shifts),
            }));
        });

    private async Task<IActionResult> Run(HttpRequest req, Func<Task<ApiResult>> handler) => await Guard.RunAsync(req, logger, handler);
}
