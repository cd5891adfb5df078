namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Table, queue and blob container names. Queue names are part of the contract (docs/architecture.md, "Queues and timers"). The optional prefix
/// (setting <c>Storage__Prefix</c>) exists only so tests can share one Azurite without sharing data;
/// in Azure it is empty.
/// </summary>
public sealed class StorageNames(string prefix = "")
{
    public const string TicketRouteQueue = "ticket-route";
    public const string SmsSendQueue = "sms-send";
    public const string NoticeFanoutQueue = "notice-fanout";
    /// <summary>Event Grid delivers Communication Services SMS events (inbound SMS, delivery reports) here.</summary>
    public const string SmsEventsQueue = "sms-events";
    /// <summary>Owners' requests for a sign-in code: the queue Function looks at the records, so the HTTP answer never does.</summary>
    public const string OwnerCodesQueue = "owner-codes";
    public const string PoisonSuffix = "-poison";

    public const string PhotosContainer = "ticket-photos";

    public static readonly IReadOnlyList<string> Queues = [TicketRouteQueue, SmsSendQueue, NoticeFanoutQueue, SmsEventsQueue, OwnerCodesQueue];
    public static readonly IReadOnlyList<string> Containers = [PhotosContainer];
    public static readonly IReadOnlyList<string> Tables =
    [
        "Tickets", "TicketIds", "Idempotency", "RateLimits", "SmsLog", "Staff", "StaffPhones", "Owners", "OptOuts", "RatingIndex",
        "Fees", "Checkpoints", "Notices", "NoticeBroadcasts", "Events", "EventIds", "Links", "Communities", "PageWindows", "PrivacyAudit",
        "OwnerSignIns",
    ];

    public string Prefix { get; } = prefix;

    public string Table(string name) => Prefix.Length == 0 ? name : Prefix + name;

    /// <summary>Queue and blob container names follow the same rules (lowercase, digits, dashes).</summary>
    public string Queue(string name) => Prefix.Length == 0 ? name : $"{Prefix}-{name}";
}
