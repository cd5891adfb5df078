using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Core.Intake;
using PropertyFunctions.Core.Ports;
using PropertyFunctions.Core.Roster;

namespace PropertyFunctions.Api.Functions;

/// <summary>Duty rosters: imported by an admin, read by staff.</summary>
public sealed class RosterFunctions(StaffAuth auth, IRosterStore rosters, ILogger<RosterFunctions> logger)
{
    /// <summary>Replaces the rosters of the communities in the import; every row valid or nothing changes.</summary>
    [Function("PutRoster")]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "staff/roster")] HttpRequest req) =>
        Run(req, async () =>
        {
            var (principal, refusal) = auth.Require(req, StaffRoles.Admin);
            if (refusal is not null)
            {
                return refusal;
            }
            var (rows, problem) = await Imports.ReadAsync(req, req.HttpContext.RequestAborted);
            if (problem is not null)
            {
                return problem;
            }
            var result = RosterImport.Validate(rows!);
            if (!result.Ok)
            {
                return Imports.Rejected(result.Rejected, RequestReader.LanguageOf(req));
            }
            await rosters.ReplaceAsync(result.Accepted, req.HttpContext.RequestAborted);
            logger.LogInformation("{Admin} imported {Count} roster rows", principal!.Name, result.Accepted.Count);
            return ApiResult.Ok(new { accepted = result.Accepted.Count, rejected = Array.Empty<object>() });
        });

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
