using System.Globalization;
using System.Text.RegularExpressions;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Residents;

namespace PropertyFunctions.Core.Fees;

/// <summary>
/// One line of a unit's fee ledger: a fee type for a period, what is due and by when, what has been paid,
/// and every reminder sent about it (so staff see who was reminded when).
/// </summary>
public sealed record FeeEntry(
    string Community,
    UnitAddress Unit,
    string FeeType,
    string Period,
    decimal Amount,
    DateOnly DueDate,
    decimal Paid)
{
    public IReadOnlyList<FeeReminder> Reminders { get; init; } = [];

    /// <summary>
    /// The community's fee schedule for this row (imported with it): yuan a month per m² of the unit for the property fee,
    /// per space for parking. Null: the ledger does not know how the amount is made up.
    /// </summary>
    public decimal? Rate { get; init; }

    /// <summary>The owner promised to pay by this date (their home page): reminders pause until then.</summary>
    public DateOnly? PromisedBy { get; init; }

    public string UnitKey => UnitKeys.For(Unit);

    /// <summary>"building|unit|room|feeType|period": a unit's fees sit next to each other in the community's partition.</summary>
    public string RowKey => $"{UnitKey}|{FeeType}|{Period}";

    public decimal Owed => Math.Max(0m, Amount - Paid);

    public bool IsPaid => Owed == 0m;
}

/// <summary>How a fee is made up: rate × quantity (m², or one space) × months, and any difference to the billed amount.</summary>
/// <param name="Basis">"area" (property fee, per m²) or "space" (parking, per space).</param>
/// <param name="Quantity">The unit's m², or 1 space.</param>
/// <param name="Space">The parking space, for a parking fee.</param>
/// <param name="Adjustment">Amount minus the computed figure (arrears, discounts, part months); 0 when they agree.</param>
public sealed record FeeMakeUp(string Basis, decimal Rate, decimal Quantity, int Months, decimal Computed, decimal Adjustment, string? Space)
{
    /// <summary>The make-up of a fee for a unit of <paramref name="area"/> m² (and <paramref name="space"/>), or null without a rate or an area.</summary>
    public static FeeMakeUp? For(FeeEntry fee, decimal? area, string? space)
    {
        if (fee.Rate is not { } rate)
        {
            return null;
        }
        var months = FeePeriod.Months(fee.Period);
        if (fee.FeeType == FeeTypes.Parking)
        {
            var computed = decimal.Round(rate * months, 2, MidpointRounding.AwayFromZero);
            return new FeeMakeUp("space", rate, 1m, months, computed, fee.Amount - computed, space);
        }
        if (area is not { } m2)
        {
            return null;
        }
        var total = decimal.Round(rate * m2 * months, 2, MidpointRounding.AwayFromZero);
        return new FeeMakeUp("area", rate, m2, months, total, fee.Amount - total, null);
    }
}

/// <summary>A reminder sent about a fee: the stage, when, and to whom.</summary>
public sealed record FeeReminder(string Stage, DateTimeOffset At, string To, string Name);

public static class FeeTypes
{
    public const string Property = "property";
    public const string Parking = "parking";

    public static readonly IReadOnlyList<string> All = [Property, Parking];
}

/// <summary>
/// Billing periods as property companies bill: a month <c>2026-11</c>, a quarter <c>2026Q4</c> or a year <c>2026</c>.
/// The written form is the key on the ledger, so the same period always has the same row.
/// </summary>
public static partial class FeePeriod
{
    [GeneratedRegex(@"^(?<year>20\d{2})(?:-(?<month>0[1-9]|1[0-2])|[Qq](?<quarter>[1-4]))?$")]
    private static partial Regex Pattern();

    /// <summary>The canonical form (quarter with a capital Q), or null when the text is not a period.</summary>
    public static string? Normalize(string? text)
    {
        var match = text is null ? null : Pattern().Match(text.Trim());
        if (match is null || !match.Success)
        {
            return null;
        }
        return match.Groups["quarter"].Success ? $"{match.Groups["year"].Value}Q{match.Groups["quarter"].Value}" : match.Value;
    }

    /// <summary>How many months a period covers: 1, 3 or 12.</summary>
    public static int Months(string period)
    {
        var match = Pattern().Match(period);
        return !match.Success ? 1 : match.Groups["month"].Success ? 1 : match.Groups["quarter"].Success ? 3 : 12;
    }

    /// <summary>"2026年11月", "2026年第4季度", "2026年度"; in English "Nov 2026", "Q4 2026", "2026".</summary>
    public static string Describe(string period, bool english)
    {
        var match = Pattern().Match(period);
        if (!match.Success)
        {
            return period;
        }
        var year = match.Groups["year"].Value;
        if (match.Groups["month"].Success)
        {
            var month = int.Parse(match.Groups["month"].Value, CultureInfo.InvariantCulture);
            return english ? $"{CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(month)} {year}" : $"{year}年{month}月";
        }
        if (match.Groups["quarter"].Success)
        {
            var quarter = match.Groups["quarter"].Value;
            return english ? $"Q{quarter} {year}" : $"{year}年第{quarter}季度";
        }
        return english ? year : $"{year}年度";
    }
}

/// <summary>
/// Money in yuan as <see cref="decimal"/>, never floating point. Table Storage has no decimal type, so the
/// ledger stores whole fen (分) as Int64: exact, and one integer per amount instead of a string to re-parse.
/// </summary>
public static class Money
{
    /// <summary>The largest amount the ledger accepts (¥10,000,000): anything larger is a typo in a spreadsheet.</summary>
    public const decimal Max = 10_000_000m;

    /// <summary>Plain invariant decimals with at most two places ("260", "260.5", "260.50"); no signs, separators or exponents.</summary>
    public static bool TryParse(string? text, out decimal yuan)
    {
        yuan = 0m;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed)
            || !decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out yuan)
            || yuan.Scale > 2
            || yuan > Max)
        {
            return false;
        }
        return true;
    }

    public static long ToFen(decimal yuan) => decimal.ToInt64(decimal.Round(yuan * 100m, 0, MidpointRounding.ToEven));

    public static decimal FromFen(long fen) => fen / 100m;

    /// <summary>"260.00": always two places, invariant.</summary>
    public static string Format(decimal yuan) => yuan.ToString("0.00", CultureInfo.InvariantCulture);
}
