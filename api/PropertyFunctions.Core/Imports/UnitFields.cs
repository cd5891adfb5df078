using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Imports;

/// <summary>The unit columns shared by the owner and fee imports (the community is checked by <see cref="ErrorList.Community"/>).</summary>
public static class UnitFields
{
    /// <summary>The community and the unit in it, the first columns of both imports.</summary>
    public static readonly IReadOnlyList<ImportColumn> Columns =
        [new("community", true, "sunshine-garden"), new("building", true, "3"), new("unit", false, "2"), new("room", true, "501")];

    /// <summary>
    /// Building, unit (optional) and room. They become parts of Table Storage row keys joined by '|', so '|'
    /// and the characters row keys refuse ('/', '\', '#', '?') are refused here with a clear message.
    /// </summary>
    public static UnitAddress? Unit(ErrorList e, ImportRow row)
    {
        var building = Part(e, "building", row["building"], required: true);
        var unit = Part(e, "unit", row["unit"], required: false);
        var room = Part(e, "room", row["room"], required: true);
        return building is null || room is null || (unit is null && !string.IsNullOrWhiteSpace(row["unit"]))
            ? null
            : new UnitAddress(building, unit, room);
    }

    private static string? Part(ErrorList e, string field, string? value, bool required)
    {
        var text = e.Text(field, value, 20, required);
        if (text is not null && text.IndexOfAny(['|', '/', '\\', '#', '?']) >= 0)
        {
            e.Add(field, "unit_chars");
            return null;
        }
        return text;
    }
}
