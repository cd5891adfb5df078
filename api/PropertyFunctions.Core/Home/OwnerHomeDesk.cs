using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;
using PropertyFunctions.Core.Fees;
using PropertyFunctions.Core.Residents;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Home;

/// <summary>A unit the signed-in owner is on record for. <see cref="Key"/> names it in a fee reply.</summary>
public sealed record HomeUnit(string Key, string Address, string Building, string? Unit, string Room, string Relation, string? Area, string? ParkingSpace);

/// <summary>One of the owner's tickets, linking to its tracking page (where it is rated and escalated).</summary>
public sealed record HomeTicket(string Id, string Kind, string Status, bool Open, bool Emergency, string Address, string Description,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string TrackUrl, bool CanRate, bool CanEscalate);

/// <summary>How a fee is made up, as text the page shows as it is (amounts in yuan, two places).</summary>
public sealed record HomeMakeUp(string Basis, string Rate, string Quantity, int Months, string Computed, string Adjustment, string? Space);

public sealed record HomeFee(string Unit, string Address, string FeeType, string Period, string Amount, string Paid, string Owed, string DueDate,
    bool IsPaid, bool Overdue, string? PromisedBy, HomeMakeUp? MakeUp);

public sealed record HomeView(string Community, string PhoneMasked, string Name, IReadOnlyList<HomeUnit> Units, IReadOnlyList<HomeTicket> Tickets,
    IReadOnlyList<HomeFee> Fees, string PaymentInstructions, string ServiceCentrePhone);

/// <summary>
/// What the desk holds about a signed-in owner's home: their units (from the records, for their phone only), every ticket
/// about those units (open first), and every fee on them with its make-up. A unit the phone is not on record for is never read.
/// </summary>
public sealed class OwnerHomeDesk(IResidentDirectory residents, ITicketStore tickets, IFeeLedger ledger, CommunityDirectory communities,
    TicketToken tokens, DeskOptions options, TimeProvider time)
{
    public async Task<HomeView> GetAsync(OwnerSession session, string language, CancellationToken ct)
    {
        var records = (await residents.WithPhoneAsync(session.Community, session.Phone, ct)).OrderBy(r => r.UnitKey, StringComparer.Ordinal).ToList();
        var community = await communities.GetAsync(session.Community, ct);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), options.Zone()).DateTime);
        var units = new List<HomeUnit>();
        var ticketViews = new List<HomeTicket>();
        var fees = new List<HomeFee>();
        foreach (var record in records.DistinctBy(r => r.UnitKey))
        {
            // The unit's area and space: any record of the unit may carry them (the import puts them on every row of a unit).
            var unitRecords = await residents.InUnitAsync(session.Community, record.Unit, ct);
            var area = record.Area ?? unitRecords.Select(r => r.Area).FirstOrDefault(a => a is not null);
            var space = record.ParkingSpace ?? unitRecords.Select(r => r.ParkingSpace).FirstOrDefault(s => s is not null);
            var address = record.Unit.ToString();
            units.Add(new HomeUnit(record.UnitKey, address, record.Unit.Building, record.Unit.Unit, record.Unit.Room, record.Relation,
                area is { } a ? Money.Format(a) : null, space));
            foreach (var t in await tickets.ForUnitAsync(session.Community, record.Unit, ct))
            {
                ticketViews.Add(new HomeTicket(t.Id, t.Kind, t.Status, Lifecycle.IsOpen(t.Status), t.Emergency, address, t.Description,
                    t.CreatedAt, t.UpdatedAt, $"/track.html?id={t.Id}&k={tokens.For(t.Id)}", Lifecycle.OwnerMayRate(t), Lifecycle.OwnerMayEscalate(t)));
            }
            foreach (var f in (await ledger.InUnitAsync(session.Community, record.Unit, ct)).OrderByDescending(f => f.DueDate))
            {
                var makeUp = FeeMakeUp.For(f, area, space);
                fees.Add(new HomeFee(record.UnitKey, address, f.FeeType, f.Period, Money.Format(f.Amount), Money.Format(f.Paid), Money.Format(f.Owed),
                    Date(f.DueDate), f.IsPaid, !f.IsPaid && f.DueDate < today, f.PromisedBy is { } p && p >= today ? Date(p) : null,
                    makeUp is null ? null : new HomeMakeUp(makeUp.Basis, Money.Format(makeUp.Rate), Money.Format(makeUp.Quantity), makeUp.Months,
                        Money.Format(makeUp.Computed), (makeUp.Adjustment < 0 ? "-" : "") + Money.Format(Math.Abs(makeUp.Adjustment)), makeUp.Space)));
            }
        }
        var ordered = ticketViews.DistinctBy(t => t.Id).OrderByDescending(t => t.Open).ThenByDescending(t => t.CreatedAt).ToList();
        var payBy = community.PaymentInstructions is { Length: > 0 } own ? own
            : options.PaymentInstructions is { Length: > 0 } desk ? desk
            : FeeSms.DefaultPaymentInstructions(language == Language.English);
        return new HomeView(session.Community, PhoneNumber.Mask(session.Phone), records.FirstOrDefault()?.Name ?? "", units, ordered, fees, payBy,
            community.ServiceCentrePhone);
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
