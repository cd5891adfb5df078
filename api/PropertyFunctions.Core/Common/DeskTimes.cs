using System.Globalization;

namespace PropertyFunctions.Core.Common;

/// <summary>
/// Times typed by staff: ISO 8601 with an offset ("2026-11-28T09:00+08:00", "…Z"), or a local time without
/// one ("2026-11-28 09:00"), which is read in the desk's zone (Desk:TimeZone) rather than the server's.
/// </summary>
public static class DeskTimes
{
    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    public static bool TryParse(string? text, TimeZoneInfo zone, out DateTimeOffset value)
    {
        value = default;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 40)
        {
            return false;
        }
        if (DateTime.TryParseExact(trimmed, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            var offset = zone.GetUtcOffset(local);
            value = new DateTimeOffset(local, offset);
            return true;
        }
        // Only forms that carry their own offset: never fall back to the server's zone.
        var hasOffset = trimmed.EndsWith('Z') || trimmed.EndsWith('z') || (trimmed.Length > 10 && trimmed[10..].Contains('+'))
            || (trimmed.Length > 10 && trimmed[10..].Contains('-'));
        return hasOffset && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out value)
            && (value = value.ToUniversalTime()) != default;
    }

    /// <summary>As owners and staff read it: ISO 8601 in the desk's zone, e.g. 2026-11-28T09:00:00+08:00.</summary>
    public static string Format(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>Short, for SMS: "11月28日09:00" / "28 Nov 09:00".</summary>
    public static string ForSms(DateTimeOffset at, TimeZoneInfo zone, string language)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return language == Language.English
            ? local.ToString("d MMM HH:mm", CultureInfo.InvariantCulture)
            : local.ToString("M月d日HH:mm", CultureInfo.InvariantCulture);
    }
}
