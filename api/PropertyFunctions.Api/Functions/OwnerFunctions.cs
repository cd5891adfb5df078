using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Residents;
using PropertyFunctions.Core.StaffConsole;

namespace PropertyFunctions.Api.Functions;

/// <summary>Residents' records (档案): imported by an admin; a unit's page for staff.</summary>
public sealed class OwnerFunctions(IResidentDirectory directory, UnitRecords units, ILogger<OwnerFunctions> logger)
{
    /// <summary>Replaces the residents of every unit named in the import; every row valid or nothing changes.</summary>
    [Function("PutOwners")]
    [StaffRole(StaffRoles.Admin)]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "staff/owners")] HttpRequest req) =>
        Imports.RunAsync(req, OwnerImport.Validate, r => r.Community, directory.ReplaceUnitsAsync, logger, "resident");

    /// <summary>One unit: its residents with their opt-out state, and its fee ledger. Range reads in one partition plus a point read per resident.</summary>
    [Function("GetUnit")]
    [StaffRole(StaffRoles.Staff)]
    public async Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/units")] HttpRequest req)
    {
        var e = new ErrorList();
        var community = e.Community(req.Query["community"]);
        var building = e.Text("building", req.Query["building"], 20, required: true);
        var unitName = e.Text("unit", req.Query["unit"], 20, required: false);
        var room = e.Text("room", req.Query["room"], 20, required: true);
        if (e.Any)
        {
            return Problem.Validation(e.Errors, RequestReader.LanguageOf(req));
        }
        if (StaffScope.Refuse(req, community!) is { } refusal)
        {
            return refusal;
        }
        var record = await units.GetAsync(community!, new UnitAddress(building!, unitName, room!), req.HttpContext.RequestAborted);
        return ApiResult.Ok(new
        {
            community, building, unit = unitName ?? "", room, residents = record.Residents,
            fees = record.Fees.Select(f => FeeFunctions.View(f, record.Today)).ToList(), tickets = record.Tickets,
        });
    }
}
