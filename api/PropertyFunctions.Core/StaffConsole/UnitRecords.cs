using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Fees;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Residents;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.StaffConsole;

/// <summary>A resident of a unit as the console shows them, with whether their number replied TD.</summary>
public sealed record UnitResident(string Name, string Phone, string Language, string Relation, bool OptedOut, decimal? Area, string? ParkingSpace);

/// <summary>A ticket about the unit, in the console's short form.</summary>
public sealed record UnitTicket(string Id, string Kind, string Status, string? Department, bool Emergency, string Description,
    DateTimeOffset CreatedAt, int? Score);

/// <summary>Everything on record for one unit (GET /api/staff/units): residents, fee ledger (with the day it is read on) and tickets.</summary>
public sealed record UnitRecord(IReadOnlyList<UnitResident> Residents, IReadOnlyList<FeeEntry> Fees, DateOnly Today, IReadOnlyList<UnitTicket> Tickets);

/// <summary>The staff's read model of a unit: residents, opt-outs, ledger and tickets, read together so the Function only answers.</summary>
public sealed class UnitRecords(IResidentDirectory directory, IOptOuts optOuts, IFeeLedger ledger, ITicketStore tickets, FeeReminderRun reminders,
    TimeProvider time)
{
    public async Task<UnitRecord> GetAsync(string community, UnitAddress unit, CancellationToken ct)
    {
        var residents = new List<UnitResident>();
        foreach (var r in await directory.InUnitAsync(community, unit, ct))
        {
            residents.Add(new UnitResident(r.Name, r.Phone, r.Language, r.Relation, await optOuts.IsOptedOutAsync(r.Phone, ct), r.Area, r.ParkingSpace));
        }
        var fees = await ledger.InUnitAsync(community, unit, ct);
        var about = (await tickets.ForUnitAsync(community, unit, ct))
            .Select(t => new UnitTicket(t.Id, t.Kind, t.Status, t.Department, t.Emergency, t.Description, t.CreatedAt, t.Score)).ToList();
        return new UnitRecord(residents, fees, reminders.Policy.LocalDate(time.GetUtcNow()), about);
    }
}
