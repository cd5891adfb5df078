using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Imports;

namespace PropertyFunctions.Core.Residents;

/// <summary>
/// Validates owner records (档案): community, building, unit?, room, name, phone, language (zh-CN or en,
/// default zh-CN), relation (owner, tenant or family, default owner), area (the unit's m², up to two decimals, optional) and
/// parkingSpace (optional, up to 20 characters).
/// </summary>
public static class OwnerImport
{
    private static readonly IReadOnlyList<string> Languages = [Language.Chinese, Language.English];

    public static readonly IReadOnlyList<ImportColumn> Columns =
    [
        .. UnitFields.Columns, new("name", true, "王女士"), new("phone", true, "13800138000"),
        new("language", false, Language.Chinese), new("relation", false, ResidentRelations.Owner), new("area", false, "89.50"),
        new("parkingSpace", false, "B1-023"),
    ];

    /// <summary>The largest floor area the records accept: anything larger is a typo.</summary>
    public const decimal MaxArea = 100_000m;

    public static ImportResult<Resident> Validate(IReadOnlyList<ImportRow> rows)
    {
        var accepted = new List<Resident>();
        var rejected = new List<RejectedRow>();
        var seen = new HashSet<(string, string, string)>();
        foreach (var row in rows)
        {
            var e = new ErrorList();
            var community = e.Community(row["community"]);
            var unit = UnitFields.Unit(e, row);
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
            var language = e.OneOf("language", Blank(row["language"]) ?? Language.Chinese, Languages, required: true);
            var relation = e.OneOf("relation", Blank(row["relation"])?.ToLowerInvariant() ?? ResidentRelations.Owner, ResidentRelations.All, required: true);
            decimal? area = null;
            if (Blank(row["area"]) is { } rawArea)
            {
                if (decimal.TryParse(rawArea, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture,
                    out var m2) && m2.Scale <= 2 && m2 > 0m && m2 <= MaxArea)
                {
                    area = m2;
                }
                else
                {
                    e.Add("area", "area_format");
                }
            }
            var space = e.Text("parkingSpace", row["parkingSpace"], 20, required: false);
            if (space is not null && space.Contains('|', StringComparison.Ordinal))
            {
                e.Add("parkingSpace", "unit_chars");
            }
            if (community is not null && unit is not null && phone is not null && !seen.Add((community, UnitKeys.For(unit), phone)))
            {
                e.Add("phone", "duplicate_row");
            }
            if (e.Any)
            {
                rejected.Add(new RejectedRow(row.Number, e.Errors));
                continue;
            }
            accepted.Add(new Resident(community!, unit!, name!, phone!, language!, relation!) { Area = area, ParkingSpace = space });
        }
        return new ImportResult<Resident>(accepted, rejected);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
