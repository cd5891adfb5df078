using System.Globalization;
using System.Text.RegularExpressions;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Imports;

namespace PropertyFunctions.Core.Roster;

/// <summary>
/// Validates roster rows: community, name, phone, department, role (staff/supervisor), onCall, shifts.
/// Shifts are written like <c>08:00-17:00</c>, several separated by <c>;</c>, each optionally with weekdays
/// first: <c>mon,tue,wed,thu,fri 08:00-17:00; 20:00-08:00</c>.
/// </summary>
public static partial class RosterImport
{
    [GeneratedRegex(@"^(?:(?<days>[a-z,\- ]+)\s+)?(?<from>\d{1,2}:\d{2})\s*-\s*(?<to>\d{1,2}:\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex ShiftPattern();

    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public static readonly IReadOnlyList<ImportColumn> Columns =
    [
        new("community", true, "sunshine-garden"), new("name", true, "张师傅"), new("phone", true, "13900000001"),
        new("department", true, Departments.Engineering), new("role", false, StaffRolesOnRoster.Staff), new("onCall", false, "true"),
        new("shifts", false, "mon-fri 08:00-17:00; sat 09:00-12:00"),
    ];

    public static ImportResult<StaffMember> Validate(IReadOnlyList<ImportRow> rows)
    {
        var accepted = new List<StaffMember>();
        var rejected = new List<RejectedRow>();
        var seen = new HashSet<(string, string)>();
        foreach (var row in rows)
        {
            var e = new ErrorList();
            var community = e.Community(row["community"]);
            var name = e.Text("name", row["name"], 40, required: true);
            string? phone = null;
            if (e.Text("phone", row["phone"], 32, required: true) is { } raw)
            {
                if (PhoneNumber.TryNormalize(raw, out var e164))
                {
                    phone = e164;
                }
                else
                {
                    e.Add("phone", "phone_invalid");
                }
            }
            var department = e.OneOf("department", row["department"]?.ToLowerInvariant(), Departments.All, required: true);
            var role = e.OneOf("role", row["role"]?.ToLowerInvariant() is { Length: > 0 } r ? r : StaffRolesOnRoster.Staff, StaffRolesOnRoster.All, required: true);
            var onCall = ImportReader.ParseBool(row["onCall"]);
            if (onCall is null && !string.IsNullOrWhiteSpace(row["onCall"]))
            {
                e.Add("onCall", "one_of", "true, false");
            }
            var shifts = ParseShifts(row["shifts"], e);
            if (community is not null && phone is not null && !seen.Add((community, phone)))
            {
                e.Add("phone", "duplicate_row");
            }
            if (e.Any)
            {
                rejected.Add(new RejectedRow(row.Number, e.Errors));
                continue;
            }
            accepted.Add(new StaffMember(community!, name!, phone!, department!, role!, onCall ?? false, shifts));
        }
        return new ImportResult<StaffMember>(accepted, rejected);
    }

    public static IReadOnlyList<Shift> ParseShifts(string? text, ErrorList? errors = null)
    {
        var shifts = new List<Shift>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return shifts;
        }
        foreach (var part in text.Split([';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = ShiftPattern().Match(part);
            if (!match.Success
                || !TimeOnly.TryParseExact(match.Groups["from"].Value.PadLeft(5, '0'), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
                || !TimeOnly.TryParseExact(match.Groups["to"].Value.PadLeft(5, '0'), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
                || from == to)
            {
                errors?.Add("shifts", "shift_format");
                continue;
            }
            HashSet<DayOfWeek>? days = null;
            if (match.Groups["days"].Success)
            {
                days = ParseDays(match.Groups["days"].Value);
                if (days is null)
                {
                    errors?.Add("shifts", "shift_format");
                    continue;
                }
            }
            shifts.Add(new Shift(from, to, days));
        }
        return shifts;
    }

    /// <summary>"mon,tue" or "mon-fri" → the weekdays; null when a name is unknown.</summary>
    private static HashSet<DayOfWeek>? ParseDays(string text)
    {
        var days = new HashSet<DayOfWeek>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var range = item.Split('-', StringSplitOptions.TrimEntries);
            var start = Array.IndexOf(DayNames, range[0].ToLowerInvariant());
            var end = range.Length == 2 ? Array.IndexOf(DayNames, range[1].ToLowerInvariant()) : start;
            if (start < 0 || end < 0 || range.Length > 2)
            {
                return null;
            }
            for (var d = start; ; d = (d + 1) % 7)
            {
                days.Add((DayOfWeek)d);
                if (d == end)
                {
                    break;
                }
            }
        }
        return days;
    }

    /// <summary>Shifts back to their import form, for storage and display.</summary>
    public static string FormatShifts(IEnumerable<Shift> shifts) => string.Join("; ", shifts.Select(s =>
        s.Days is null ? s.ToString() : string.Join(',', s.Days.Order().Select(d => DayNames[(int)d])) + " " + s));
}
