using System.Globalization;

namespace PropertyFunctions.Core.Common;

/// <summary>The desk's settings (configuration section <c>Desk</c>; app settings <c>Desk__*</c>).</summary>
public sealed class DeskOptions
{
    public const string Section = "Desk";

    /// <summary>IANA time zone of the communities. Default Asia/Shanghai.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Base URL of the owner pages, used to build tracking links in answers and SMS.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:7071";

    /// <summary>Secret for the owners' ticket tokens: base64 of at least 32 random bytes.</summary>
    public string TokenKey { get; set; } = "";

    /// <summary>The 24-hour emergency line shown to owners.</summary>
    public string EmergencyPhone { get; set; } = "400-000-0000";

    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>How owners pay, quoted in fee reminders (e.g. "微信搜索“阳光物业”公众号缴费"). Empty: a generic default.</summary>
    public string PaymentInstructions { get; set; } = "";

    public FeeReminderOptions FeeReminders { get; set; } = new();

    public BroadcastOptions Broadcast { get; set; } = new();

    public AbuseOptions Abuse { get; set; } = new();

    /// <summary>How long personal data is kept (Desk:Retention; docs/privacy.md).</summary>
    public RetentionOptions Retention { get; set; } = new();

    /// <summary>The owner's home: sign-in codes and sessions (Desk:OwnerSessions).</summary>
    public OwnerSessionOptions OwnerSessions { get; set; } = new();

    /// <summary>
    /// Communities created with the documented defaults at start-up if they do not exist yet (comma-separated slugs). Admins
    /// create and edit communities in the console; this seeds a first one (the local host seeds the demo sunshine-garden).
    /// </summary>
    public string Communities { get; set; } = "";

    public IReadOnlyList<string> SeedCommunities() =>
        Communities.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// The SMS signature (签名) in Chinese SMS: 【物业客服】. A mainland provider sends only an approved signature, so set it to
    /// the one approved for the company (e.g. 阳光物业).
    /// </summary>
    public string SmsSignature { get; set; } = "物业客服";

    /// <summary>The sender's name in front of English SMS ("Property desk: …"); plain ASCII keeps them in the 160-character alphabet.</summary>
    public string SmsSignatureEn { get; set; } = "Property desk";

    public TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public byte[] TokenKeyBytes() => Convert.FromBase64String(TokenKey);

    /// <summary>
    /// The key that signs owners' session cookies and hashes their sign-in codes: Desk__OwnerSessions__Key, or when it is not
    /// set a key derived from Desk__TokenKey (HKDF, its own label), so it is still per environment and never the token key itself.
    /// </summary>
    public byte[] OwnerSessionKeyBytes() => string.IsNullOrEmpty(OwnerSessions.Key)
        ? System.Security.Cryptography.HKDF.DeriveKey(System.Security.Cryptography.HashAlgorithmName.SHA256, TokenKeyBytes(), 32,
            info: System.Text.Encoding.ASCII.GetBytes("owner-sessions"))
        : Convert.FromBase64String(OwnerSessions.Key);

    /// <summary>Every problem with the settings, so start-up can fail with one clear message.</summary>
    public IEnumerable<string> Problems()
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return $"Desk__TimeZone '{TimeZone}' is not a known time zone (use an IANA name such as Asia/Shanghai).";
        }
        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
        {
            yield return $"Desk__PublicBaseUrl '{PublicBaseUrl}' must be an absolute http(s) URL.";
        }
        byte[]? key = null;
        try
        {
            key = string.IsNullOrEmpty(TokenKey) ? null : Convert.FromBase64String(TokenKey);
        }
        catch (FormatException)
        {
        }
        if (key is null || key.Length < 32)
        {
            yield return "Desk__TokenKey must be base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`).";
        }
        if (!string.IsNullOrEmpty(OwnerSessions.Key))
        {
            byte[]? sessionKey = null;
            try
            {
                sessionKey = Convert.FromBase64String(OwnerSessions.Key);
            }
            catch (FormatException)
            {
            }
            if (sessionKey is null || sessionKey.Length < 32)
            {
                yield return "Desk__OwnerSessions__Key must be base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`), or unset.";
            }
        }
        if (OwnerSessions.CodesPerPhonePerHour is < 1 or > 100 || OwnerSessions.CodesPerAddressPerHour is < 1 or > 10_000
            || OwnerSessions.SignInsPerAddressPerHour is < 1 or > 10_000)
        {
            yield return "Desk__OwnerSessions__CodesPerPhonePerHour must be 1–100, CodesPerAddressPerHour and SignInsPerAddressPerHour 1–10000.";
        }
        if (string.IsNullOrWhiteSpace(EmergencyPhone))
        {
            yield return "Desk__EmergencyPhone must be set: owners are told to call it.";
        }
        if (RateLimits.PerAddressPerHour < 1 || RateLimits.PerPhonePerHour < 1)
        {
            yield return "Desk__RateLimits__PerAddressPerHour and Desk__RateLimits__PerPhonePerHour must be at least 1.";
        }
        if (FeeReminderOptions.ParseStages(FeeReminders.Stages) is null)
        {
            yield return $"Desk__FeeReminders__Stages '{FeeReminders.Stages}' must be day offsets from the due date separated by commas, e.g. -3,7,30.";
        }
        if (PaymentInstructions.Length > 35)
        {
            yield return "Desk__PaymentInstructions must be at most 35 characters: it is a variable of the fee reminder SMS, and mainland providers allow 35.";
        }
        if (string.IsNullOrWhiteSpace(SmsSignature) || SmsSignature.Length is < 2 or > 12 || SmsSignature.Any(c => c is '【' or '】' or '[' or ']'))
        {
            yield return "Desk__SmsSignature must be the approved SMS signature, 2 to 12 characters without brackets (e.g. 阳光物业).";
        }
        if (SeedCommunities().FirstOrDefault(c => !ErrorList.IsCommunitySlug(c)) is { } bad)
        {
            yield return $"Desk__Communities '{bad}' is not a community slug (lowercase letters, digits and dashes, e.g. sunshine-garden).";
        }
        if (string.IsNullOrWhiteSpace(SmsSignatureEn) || SmsSignatureEn.Length > 20 || SmsSignatureEn.Any(c => c > 127 || char.IsControl(c)))
        {
            yield return "Desk__SmsSignatureEn must be 1 to 20 plain ASCII characters (the name in front of English SMS).";
        }
        if (Abuse.EmergenciesPerHour is < 1 or > 1000 || Abuse.PageWindowMinutes is < 1 or > 60 || Abuse.SupervisorAlertsPerHour is < 1 or > 1000)
        {
            yield return "Desk__Abuse__EmergenciesPerHour and Desk__Abuse__SupervisorAlertsPerHour must be 1–1000, Desk__Abuse__PageWindowMinutes 1–60.";
        }
        if (Abuse.SignupsPerPhonePerHour is < 1 or > 1000 || Abuse.SignupsPerAddressPerHour is < 1 or > 100_000)
        {
            yield return "Desk__Abuse__SignupsPerPhonePerHour must be 1–1000 and Desk__Abuse__SignupsPerAddressPerHour 1–100000.";
        }
        if (Abuse.WaitingListPercent is < 0 or > 1000 || Abuse.WaitingListMax is < 1 or > 10_000)
        {
            yield return "Desk__Abuse__WaitingListPercent must be 0–1000 (of an event's capacity) and Desk__Abuse__WaitingListMax 1–10000.";
        }
        if (Broadcast.PerMinute is < 1 or > 60_000)
        {
            yield return "Desk__Broadcast__PerMinute must be between 1 and 60000 (SMS a notice broadcast queues per minute).";
        }
        foreach (var problem in Retention.Problems())
        {
            yield return problem;
        }
    }
}

/// <summary>
/// Retention periods (Desk:Retention), applied every night by the Retention timer Function. Each has a floor: the desk
/// needs an SMS log for a day of retries and delivery reports, rate-limit windows and idempotency answers for their hour.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>Days an SMS log row (recipient, text, status) is kept after its first attempt.</summary>
    public int SmsLogDays { get; set; } = 180;
    /// <summary>Days a rate-limit window row is kept after the window opened.</summary>
    public int RateLimitDays { get; set; } = 2;
    /// <summary>Days an idempotency answer (ticket id and tracking token) is kept.</summary>
    public int IdempotencyDays { get; set; } = 2;
    /// <summary>Years a closed or cancelled ticket keeps its contact details after closing; then it is anonymised for reports.</summary>
    public int RecordsYears { get; set; } = 3;
    /// <summary>Days an event's sign-ups (names, phones, rooms) are kept after the event ends.</summary>
    public int SignupDays { get; set; } = 30;
    /// <summary>Days a short link of a closed ticket is kept after it was written.</summary>
    public int LinkDays { get; set; } = 180;

    public IEnumerable<string> Problems()
    {
        if (SmsLogDays is < 2 or > 3650 || RateLimitDays is < 1 or > 365 || IdempotencyDays is < 1 or > 365 || SignupDays is < 0 or > 3650
            || LinkDays is < 1 or > 3650)
        {
            yield return "Desk__Retention__SmsLogDays must be 2–3650, RateLimitDays and IdempotencyDays 1–365, SignupDays 0–3650 and LinkDays 1–3650.";
        }
        if (RecordsYears is < 1 or > 30)
        {
            yield return "Desk__Retention__RecordsYears must be 1–30 (years a closed ticket keeps its contact details).";
        }
    }
}

public sealed class RateLimitOptions
{
    public int PerAddressPerHour { get; set; } = 20;
    public int PerPhonePerHour { get; set; } = 5;
}

/// <summary>
/// The abuse policy's settings (Desk:Abuse). With the rate limits (Desk:RateLimits) and each community's SMS budget per hour
/// (its settings, <c>smsPerHour</c>), they bound what anonymous callers can make the desk do.
/// </summary>
public sealed class AbuseOptions
{
    /// <summary>
    /// Emergencies are never refused, but past this many an hour from one phone or one client address they are stored and
    /// shown to staff without any SMS (no acknowledgement, no page).
    /// </summary>
    public int EmergenciesPerHour { get; set; } = 3;

    /// <summary>A building's emergencies page staff at most once in this many minutes; the ones in between go out as one page.</summary>
    public int PageWindowMinutes { get; set; } = 10;

    public TimeSpan PageWindow => TimeSpan.FromMinutes(PageWindowMinutes);

    /// <summary>SMS alerts to a community's supervisor in an hour (escalations, low scores, missed service levels); more are only in the console.</summary>
    public int SupervisorAlertsPerHour { get; set; } = 30;

    /// <summary>Event sign-ups an hour from one phone (new, repeated or refused alike); past it the answer is 429.</summary>
    public int SignupsPerPhonePerHour { get; set; } = 5;

    /// <summary>Event sign-ups an hour from one client address (IPv6 per /64); past it the answer is 429.</summary>
    public int SignupsPerAddressPerHour { get; set; } = 20;

    /// <summary>An event's waiting list holds at most this share of its capacity in sign-ups (rounded up, at least one) …</summary>
    public int WaitingListPercent { get; set; } = 20;

    /// <summary>… and never more than this many.</summary>
    public int WaitingListMax { get; set; } = 100;

    /// <summary>How many sign-ups an event of <paramref name="capacity"/> places may keep waiting.</summary>
    public int WaitingListCap(int capacity) =>
        Math.Min(WaitingListMax, Math.Max(1, (int)Math.Ceiling(capacity * WaitingListPercent / 100.0)));
}

/// <summary>The owner's home (Desk:OwnerSessions): who may ask for sign-in codes how often, and the key that signs sessions.</summary>
public sealed class OwnerSessionOptions
{
    /// <summary>Base64 of at least 32 random bytes; empty: derived from Desk:TokenKey.</summary>
    public string Key { get; set; } = "";

    /// <summary>Codes one phone may ask for in an hour (counted whether or not the phone is on record).</summary>
    public int CodesPerPhonePerHour { get; set; } = 5;

    /// <summary>Codes one client address may ask for in an hour.</summary>
    public int CodesPerAddressPerHour { get; set; } = 20;

    /// <summary>Sign-in attempts (code checks) from one client address in an hour.</summary>
    public int SignInsPerAddressPerHour { get; set; } = 30;
}

/// <summary>Notice broadcasts (Desk:Broadcast).</summary>
public sealed class BroadcastOptions
{
    /// <summary>SMS per minute a broadcast is spread over (the provider's and the carriers' rate, and the desk's phone line after it).</summary>
    public int PerMinute { get; set; } = 600;
}

/// <summary>Settings of the fee reminders (section <c>Desk:FeeReminders</c>).</summary>
public sealed class FeeReminderOptions
{
    /// <summary>Days relative to the due date at which a reminder is due: -3 is three days before, 7 is a week overdue.</summary>
    public string Stages { get; set; } = "-3,7,30";

    /// <summary>Stops a run after this many units and leaves a checkpoint (0: no limit). Bounds a run's length; tests use it to cut a run short.</summary>
    public int MaxUnitsPerRun { get; set; }

    public static IReadOnlyList<int>? ParseStages(string? text)
    {
        var days = new SortedSet<int>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d) || d < -60 || d > 365)
            {
                return null;
            }
            days.Add(d);
        }
        return days.Count == 0 ? null : days.ToList();
    }
}
