using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Communities;

/// <summary>Someone owners may turn to, shown on the owner pages (业委会, 街道办事处, 居委会, 住建部门).</summary>
public sealed record Contact(string Role, LocalText Name, string Phone);

public static class ContactRoles
{
    public const string Committee = "committee";
    public const string StreetOffice = "street_office";
    public const string ResidentsCommittee = "residents_committee";
    public const string HousingAuthority = "housing_authority";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All = [Committee, StreetOffice, ResidentsCommittee, HousingAuthority, Other];
}

/// <summary>A text in both languages the desk speaks.</summary>
public sealed record LocalText(string Zh, string En)
{
    public string In(string language) => language == Language.English && En.Length > 0 ? En : Zh;
}

/// <summary>
/// A community (小区) and how its service centre works: everything that differs from one community to the next. Built
/// from the stored settings (or the documented defaults for a new community) once per community and instance.
/// </summary>
public sealed record Community(
    string Slug,
    LocalText Name,
    OfficeHours Hours,
    string EmergencyPhone,
    string ServiceCentrePhone,
    IReadOnlyList<Contact> Contacts,
    string SmsSignature,
    IReadOnlyList<string> CountryCodes,
    int SmsPerHour)
{
    /// <summary>How owners pay (shown on their home page), e.g. "微信搜索“阳光物业”公众号缴费"; null: the desk's Desk:PaymentInstructions.</summary>
    public string? PaymentInstructions { get; init; }

    /// <summary>Mainland mobiles only, unless a community allows more.</summary>
    public static readonly IReadOnlyList<string> DefaultCountryCodes = ["86"];

    /// <summary>Owner SMS a community may send in an hour before further owner SMS are held (the SMS budget breaker).</summary>
    public const int DefaultSmsPerHour = 300;

    /// <summary>What a new community starts from: the desk's settings, open 09:00–18:00 every day, mainland numbers only.</summary>
    public static Community Default(string slug, DeskOptions desk) => new(slug, new LocalText(slug, slug), OfficeHours.Default(desk.Zone()),
        desk.EmergencyPhone, desk.EmergencyPhone, [], desk.SmsSignature, DefaultCountryCodes, DefaultSmsPerHour);

    /// <summary>True when <paramref name="e164"/>'s country code is one this community accepts.</summary>
    public bool Accepts(string e164) => CountryCodes.Any(code => e164.StartsWith("+" + code, StringComparison.Ordinal));
}
