using System.Globalization;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Imports;
using PropertyFunctions.Core.Residents;

namespace PropertyFunctions.Core.Fees;

/// <summary>
/// Validates fee ledger rows: community, building, unit?, room, feeType (property or parking), period
/// (<c>2026-11</c>, <c>2026Q4</c> or <c>2026</c>), amount, dueDate (yyyy-MM-dd), paidAmount (default 0) and rate (optional: the
/// community's fee schedule, yuan a month per m² for the property fee or per space for parking).
/// Amounts are yuan with at most two decimals, read with the invariant culture.
/// </summary>
public static class FeeImport
{
    public static readonly IReadOnlyList<ImportColumn> Columns =
    [
        .. UnitFields.Columns, new("feeType", true, FeeTypes.Property), new("period", true, "2026-11"), new("amount", true, "260.00"),
        new("dueDate", true, "2026-11-30"), new("paidAmount", false, "0"), new("rate", false, "2.50"),
    ];

    public static ImportResult<FeeEntry> Validate(IReadOnlyList<ImportRow> rows)
    {
        var accepted = new List<FeeEntry>();
        var rejected = new List<RejectedRow>();
        var seen = new HashSet<(string, string)>();
        foreach (var row in rows)
        {
            var e = new ErrorList();
            var community = e.Community(row["community"]);
            var unit = UnitFields.Unit(e, row);
            var feeType = e.OneOf("feeType", row["feeType"]?.Trim().ToLowerInvariant(), FeeTypes.All, required: true);
            string? period = null;
            if (e.Text("period", row["period"], 10, required: true) is { } rawPeriod)
            {
                period = FeePeriod.Normalize(rawPeriod);
                if (period is null)
                {
                    e.Add("period", "period_format");
                }
            }
            var amount = ParseAmount(e, "amount", row["amount"], required: true);
            var paid = ParseAmount(e, "paidAmount", row["paidAmount"], required: false) ?? 0m;
            if (amount is { } a && a <= 0m)
            {
                e.Add("amount", "amount_positive");
                amount = null;
            }
            if (amount is { } total && paid > total)
            {
                e.Add("paidAmount", "paid_exceeds_amount");
            }
            decimal? rate = null;
            if (!string.IsNullOrWhiteSpace(row["rate"]))
            {
                if (Money.TryParse(row["rate"], out var r) && r > 0m)
                {
                    rate = r;
                }
                else
                {
                    e.Add("rate", "rate_format");
                }
            }
            DateOnly? due = null;
            if (e.Text("dueDate", row["dueDate"], 10, required: true) is { } rawDue)
            {
                if (DateOnly.TryParseExact(rawDue, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    due = d;
                }
                else
                {
                    e.Add("dueDate", "date_format");
                }
            }
            if (community is not null && unit is not null && feeType is not null && period is not null
                && !seen.Add((community, $"{UnitKeys.For(unit)}|{feeType}|{period}")))
            {
                e.Add("period", "duplicate_row");
            }
            if (e.Any)
            {
                rejected.Add(new RejectedRow(row.Number, e.Errors));
                continue;
            }
            accepted.Add(new FeeEntry(community!, unit!, feeType!, period!, amount!.Value, due!.Value, paid) { Rate = rate });
        }
        return new ImportResult<FeeEntry>(accepted, rejected);
    }

    private static decimal? ParseAmount(ErrorList e, string field, string? text, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                e.Add(field, "required");
            }
            return null;
        }
        if (!Money.TryParse(text, out var yuan))
        {
            e.Add(field, "amount_format");
            return null;
        }
        return yuan;
    }
}
