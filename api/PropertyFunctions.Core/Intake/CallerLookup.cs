using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Fees;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Residents;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Intake;

public sealed record CallerResident(string Name, string Phone, string Relation, string Language, bool OptedOut);

public sealed record CallerFee(string FeeType, string Period, decimal Owed, string DueDate, int DaysOverdue);

/// <summary>One unit a caller may be calling about: who lives there, its open and recent tickets, what it owes past due.</summary>
public sealed record CallerUnit(string Building, string Unit, string Room, string Address, IReadOnlyList<CallerResident> Residents,
    IReadOnlyList<TicketSummary> OpenTickets, IReadOnlyList<TicketSummary> RecentTickets, IReadOnlyList<CallerFee> OverdueFees);

/// <summary>
/// What a clerk's search found. <see cref="Kind"/> says how the text was read (<c>id</c>, <c>phone</c>, <c>unit</c>, <c>name</c>);
/// <see cref="OtherTickets"/> are a phone's tickets about units not on record for it.
/// </summary>
public sealed record CallerMatches(string Kind, IReadOnlyList<CallerUnit> Units, IReadOnlyList<TicketSummary> OtherTickets);

/// <summary>
/// The clerk's caller lookup (GET /api/staff/callers): a phone number, a name, a unit or a ticket id leads to the units concerned,
/// each with its residents, open and recent tickets and overdue fees. Every read is a point read or a query inside the
/// community's partition.
/// </summary>
public sealed class CallerLookup(
    IResidentDirectory residents,
    ITicketStore tickets,
    IFeeLedger ledger,
    IOptOuts optOuts,
    StaffTicketQueries queries,
    CommunityDirectory communities,
    TimeProvider time)
{
    /// <summary>A phone or a name rarely means more units than this; a clerk narrows the search otherwise.</summary>
    public const int MaxUnits = 5;
    public const int MaxRecent = 5;

    /// <summary>Null when <paramref name="text"/> is not something to search for (empty, too long).</summary>
    public async Task<CallerMatches?> FindAsync(string community, string? text, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var policy = await queries.PolicyAsync(community, ct);
        var today = DateOnly.FromDateTime((await communities.GetAsync(community, ct)).Hours.ToLocal(now).DateTime);
        TicketSummary Summary(Ticket t) => StaffTicketQueries.Summary(t, policy.IsOverdue(t, now));

        IReadOnlyList<UnitAddress> units;
        IReadOnlyList<Ticket> byPhone = [];
        string kind;
        switch (SearchTerm.Parse(text))
        {
            case SearchTerm.Id id:
                kind = "id";
                units = await tickets.GetAsync(community, id.TicketId, ct) is { } ticket ? [ticket.Value.Address] : [];
                break;
            case SearchTerm.Phone phone:
                kind = "phone";
                units = Distinct(await residents.WithPhoneAsync(community, phone.E164, ct));
                byPhone = await tickets.ByPhoneAsync(community, phone.E164, 20, ct);
                break;
            case SearchTerm.Unit unit:
                kind = "unit";
                units = [unit.Address];
                break;
            case SearchTerm.Name name:
                kind = "name";
                units = Distinct(await residents.NamedAsync(community, name.Prefix, 20, ct));
                break;
            default:
                return null;
        }

        var found = new List<CallerUnit>();
        foreach (var unit in units.Take(MaxUnits))
        {
            var people = new List<CallerResident>();
            foreach (var r in await residents.InUnitAsync(community, unit, ct))
            {
                people.Add(new CallerResident(r.Name, r.Phone, r.Relation, r.Language, await optOuts.IsOptedOutAsync(r.Phone, ct)));
            }
            var unitTickets = await tickets.ForUnitAsync(community, unit, ct);
            var fees = (await ledger.InUnitAsync(community, unit, ct))
                .Where(f => !f.IsPaid && f.DueDate < today)
                .Select(f => new CallerFee(f.FeeType, f.Period, f.Owed, f.DueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    today.DayNumber - f.DueDate.DayNumber))
                .ToList();
            found.Add(new CallerUnit(unit.Building, unit.Unit ?? "", unit.Room, unit.ToString(), people,
                unitTickets.Where(t => Lifecycle.IsOpen(t.Status)).Select(Summary).ToList(),
                unitTickets.Where(t => !Lifecycle.IsOpen(t.Status)).Take(MaxRecent).Select(Summary).ToList(),
                fees));
        }
        var shown = found.Select(u => u.Address).ToHashSet();
        var others = byPhone.Where(t => !shown.Contains(t.Address.ToString()))
            .OrderByDescending(t => Lifecycle.IsOpen(t.Status)).ThenByDescending(t => t.CreatedAt).Take(10).Select(Summary).ToList();
        return new CallerMatches(kind, found, others);
    }

    private static List<UnitAddress> Distinct(IEnumerable<Resident> people) => people.DistinctBy(r => r.UnitKey).Select(r => r.Unit).ToList();
}
