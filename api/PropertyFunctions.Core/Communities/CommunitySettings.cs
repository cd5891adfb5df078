using System.Globalization;
using System.Text.RegularExpressions;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Communities;

/// <summary>A name or label in both languages, as on the wire: <c>{ "zh-CN": "阳光花园", "en": "Sunshine Garden" }</c>.</summary>
public sealed record LocalTextDocument
{
    [System.Text.Json.Serialization.JsonPropertyName("zh-CN")]
    public string? Zh { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("en")]
    public string? En { get; init; }
}

public sealed record ContactDocument
{
    public string? Role { get; init; }
    public LocalTextDocument? Name { get; init; }
    public string? Phone { get; init; }
}

/// <summary>
/// A community's settings as staff edit them and as they are stored (GET/PUT /api/staff/communities/{community}).
/// <c>hours</c> maps mon…sun to "09:00-18:00" or "" (closed); dates are yyyy-MM-dd in the community's year.
/// </summary>
public sealed record CommunityDocument
{
    public LocalTextDocument? Name { get; init; }
    public IReadOnlyDictionary<string, string>? Hours { get; init; }
    public IReadOnlyList<string>? Holidays { get; init; }
    public IReadOnlyList<string>? WorkingDays { get; init; }
    public string? EmergencyPhone { get; init; }
    public string? ServiceCentrePhone { get; init; }
    public IReadOnlyList<ContactDocument>? Contacts { get; init; }
    public string? SmsSignature { get; init; }
    public IReadOnlyList<string>? CountryCodes { get; init; }
    public int? SmsPerHour { get; init; }
    public string? PaymentInstructions { get; init; }
}

/// <summary>Reads and writes <see cref="CommunityDocument"/>s: every field checked, with field errors in the caller's language.</summary>
public static partial class CommunitySettings
{
    public static readonly IReadOnlyDictionary<string, DayOfWeek> Days = new Dictionary<string, DayOfWeek>
    {
        ["mon"] = DayOfWeek.Monday, ["tue"] = DayOfWeek.Tuesday, ["wed"] = DayOfWeek.Wednesday, ["thu"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday, ["sat"] = DayOfWeek.Saturday, ["sun"] = DayOfWeek.Sunday,
    };

    private const int MaxDates = 100;
    private const int MaxContacts = 10;

    [GeneratedRegex(@"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$")]
    private static partial Regex HoursPattern();

    [GeneratedRegex(@"^[0-9+\-() ]{3,20}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[1-9]\d{0,2}$")]
    private static partial Regex CountryCode();

    /// <summary>The community the document describes, or the field errors that stop it.</summary>
    public static (Community? Community, IReadOnlyList<FieldError> Errors) Read(string slug, CommunityDocument doc, DeskOptions desk)
    {
        var e = new ErrorList();
        var defaults = Community.Default(slug, desk);
        var zh = e.Text("name.zh-CN", doc.Name?.Zh, 40, required: true);
        var en = e.Text("name.en", doc.Name?.En, 60, required: false);
        var week = new Dictionary<DayOfWeek, DayHours>();
        foreach (var (key, day) in Days)
        {
            var text = doc.Hours is null ? "09:00-18:00" : doc.Hours.GetValueOrDefault(key)?.Trim() ?? "";
            if (text.Length == 0)
            {
                continue;
            }
            if (!HoursPattern().IsMatch(text) || TimeSpan.Parse(text[..5], CultureInfo.InvariantCulture) >= TimeSpan.Parse(text[6..], CultureInfo.InvariantCulture))
            {
                e.Add("hours." + key, "hours_format");
                continue;
            }
            var closes = text[6..] == "24:00" ? new TimeOnly(23, 59, 59) : TimeOnly.Parse(text[6..], CultureInfo.InvariantCulture);
            week[day] = new DayHours(TimeOnly.Parse(text[..5], CultureInfo.InvariantCulture), closes);
        }
        if (doc.Hours?.Keys.Except(Days.Keys).FirstOrDefault() is { } unknown)
        {
            e.Add("hours." + unknown, "one_of", string.Join(", ", Days.Keys));
        }
        var holidays = Dates(e, "holidays", doc.Holidays);
        var workingDays = Dates(e, "workingDays", doc.WorkingDays);
        if (holidays.Overlaps(workingDays))
        {
            e.Add("workingDays", "working_day_is_holiday");
        }
        var emergency = Phone(e, "emergencyPhone", doc.EmergencyPhone) ?? defaults.EmergencyPhone;
        var centre = Phone(e, "serviceCentrePhone", doc.ServiceCentrePhone) ?? emergency;
        var contacts = new List<Contact>();
        if (doc.Contacts?.Count > MaxContacts)
        {
            e.Add("contacts", "too_many", MaxContacts);
        }
        foreach (var (c, i) in (doc.Contacts ?? []).Take(MaxContacts).Select((c, i) => (c, i)))
        {
            var role = e.OneOf($"contacts.{i}.role", c.Role, ContactRoles.All, required: true);
            var name = e.Text($"contacts.{i}.name.zh-CN", c.Name?.Zh, 40, required: true);
            var nameEn = e.Text($"contacts.{i}.name.en", c.Name?.En, 60, required: false);
            var phone = Phone(e, $"contacts.{i}.phone", c.Phone);
            if (role is not null && name is not null && phone is not null)
            {
                contacts.Add(new Contact(role, new LocalText(name, nameEn ?? ""), phone));
            }
        }
        var signature = e.Text("smsSignature", doc.SmsSignature, 12, required: false);
        if (signature is not null && (signature.Length < 2 || signature.Any(ch => ch is '【' or '】' or '[' or ']')))
        {
            e.Add("smsSignature", "signature_format");
        }
        var codes = (doc.CountryCodes ?? Community.DefaultCountryCodes).Select(c => c.Trim().TrimStart('+')).Distinct().ToList();
        if (codes.Count is 0 or > 20 || codes.Any(c => !CountryCode().IsMatch(c)))
        {
            e.Add("countryCodes", "country_codes");
        }
        if (doc.SmsPerHour is < 1 or > 100_000)
        {
            e.Add("smsPerHour", "number_range", 1, 100_000);
        }
        var payBy = e.Text("paymentInstructions", doc.PaymentInstructions, 35, required: false);
        if (e.Any)
        {
            return (null, e.Errors);
        }
        var hours = new OfficeHours(desk.Zone(), week, holidays, workingDays);
        return (new Community(slug, new LocalText(zh!, en ?? ""), hours, emergency, centre, contacts, signature ?? desk.SmsSignature, codes,
            doc.SmsPerHour ?? Community.DefaultSmsPerHour) { PaymentInstructions = payBy }, []);
    }

    /// <summary>The document of a community, as staff see and edit it.</summary>
    public static CommunityDocument Write(Community c) => new()
    {
        Name = new LocalTextDocument { Zh = c.Name.Zh, En = c.Name.En },
        Hours = Days.ToDictionary(d => d.Key, d => c.Hours.Week.TryGetValue(d.Value, out var h) ? $"{h.Opens:HH\\:mm}-{Closes(h)}" : ""),
        Holidays = c.Hours.Holidays.Order().Select(Date).ToList(),
        WorkingDays = c.Hours.WorkingDays.Order().Select(Date).ToList(),
        EmergencyPhone = c.EmergencyPhone,
        ServiceCentrePhone = c.ServiceCentrePhone,
        Contacts = c.Contacts.Select(x => new ContactDocument { Role = x.Role, Name = new LocalTextDocument { Zh = x.Name.Zh, En = x.Name.En }, Phone = x.Phone }).ToList(),
        SmsSignature = c.SmsSignature,
        CountryCodes = c.CountryCodes,
        SmsPerHour = c.SmsPerHour,
        PaymentInstructions = c.PaymentInstructions,
    };

    private static string Closes(DayHours h) => h.Closes == new TimeOnly(23, 59, 59) ? "24:00" : h.Closes.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static HashSet<DateOnly> Dates(ErrorList e, string field, IReadOnlyList<string>? texts)
    {
        var dates = new HashSet<DateOnly>();
        if (texts?.Count > MaxDates)
        {
            e.Add(field, "too_many", MaxDates);
            return dates;
        }
        foreach (var text in texts ?? [])
        {
            if (DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                dates.Add(d);
            }
            else
            {
                e.Add(field, "date_format");
                break;
            }
        }
        return dates;
    }

    private static string? Phone(ErrorList e, string field, string? value)
    {
        var text = e.Text(field, value, 20, required: false);
        if (text is not null && !PhonePattern().IsMatch(text))
        {
            e.Add(field, "phone_format");
            return null;
        }
        return text;
    }
}
