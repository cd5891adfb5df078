using System.Globalization;

namespace PropertyFunctions.Core.Reports;

/// <summary>
/// A calendar month in the desk's time zone (<c>yyyy-MM</c> on the wire). Ticket ids start with the local date
/// (<c>yyMMdd-</c>), so the tickets created in a month are the ids starting with <see cref="IdPrefix"/>.
/// </summary>
public sealed record ReportMonth(int Year, int Month)
{
    /// <summary>Ticket ids carry a two-digit year, so a report reaches from 2000 to 2099.</summary>
    public const int FirstYear = 2000;
    public const int LastYear = 2099;

    public static bool TryParse(string? text, out ReportMonth month)
    {
        month = new ReportMonth(FirstYear, 1);
        if (text is not { Length: 7 } || text[4] != '-' || !text.Where((c, i) => i != 4).All(char.IsAsciiDigit))
        {
            return false;
        }
        var year = int.Parse(text.AsSpan(0, 4), CultureInfo.InvariantCulture);
        var m = int.Parse(text.AsSpan(5, 2), CultureInfo.InvariantCulture);
        if (year is < FirstYear or > LastYear || m is < 1 or > 12)
        {
            return false;
        }
        month = new ReportMonth(year, m);
        return true;
    }

    /// <summary>The month that contains <paramref name="instant"/> in <paramref name="zone"/>.</summary>
    public static ReportMonth Containing(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return new ReportMonth(local.Year, local.Month);
    }

    public ReportMonth Next() => Month == 12 ? new ReportMonth(Year + 1, 1) : new ReportMonth(Year, Month + 1);

    /// <summary>Local midnight on the first of the month, as an instant.</summary>
    public DateTimeOffset Start(TimeZoneInfo zone)
    {
        var local = new DateTime(Year, Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>The month as a half-open interval of instants: [first local midnight, next month's first local midnight).</summary>
    public (DateTimeOffset From, DateTimeOffset To) Window(TimeZoneInfo zone) => (Start(zone), Next().Start(zone));

    /// <summary>The first four characters of every ticket id created this month (<c>2611</c> for November 2026).</summary>
    public string IdPrefix => string.Create(CultureInfo.InvariantCulture, $"{Year % 100:D2}{Month:D2}");

    public bool IsAfter(ReportMonth other) => (Year, Month).CompareTo((other.Year, other.Month)) > 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");
}
