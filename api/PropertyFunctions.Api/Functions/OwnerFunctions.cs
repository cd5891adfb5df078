using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Fees;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Residents;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Api.Functions;

/// <summary>Residents' records (档案): imported by an admin; a unit's page for staff.</summary>
public sealed class OwnerFunctions(IResidentDirectory directory, IOptOuts optOuts, IFeeLedger ledger, ITicketStore ticketStore, FeeReminderRun reminders,
    TimeProvider time, ILogger<OwnerFunctions> logger)
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
        var ct = req.HttpContext.RequestAborted;
        var unit = new UnitAddress(building!, unitName, room!);
        var people = new List<object>();
        foreach (var r in await directory.InUnitAsync(community!, unit, ct))
        {
            people.Add(new { r.Name, r.Phone, r.Language, r.Relation, OptedOut = await optOuts.IsOptedOutAsync(r.Phone, ct), r.Area, r.ParkingSpace });
        }
        var today = reminders.Policy.LocalDate(time.GetUtcNow());
        var fees = (await ledger.InUnitAsync(community!, unit, ct)).Select(f => FeeFunctions.View(f, today)).ToList();
        var tickets = (await ticketStore.ForUnitAsync(community!, unit, ct))
            .Select(t => new { t.Id, t.Kind, t.Status, t.Department, t.Emergency, t.Description, t.CreatedAt, t.Score }).ToList();
        return ApiResult.Ok(new { community, building, unit = unitName ?? "", room, residents = people, fees, tickets });
    }
}
