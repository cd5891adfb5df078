namespace PropertyFunctions.Core.Messaging;

/// <summary>The sms-send queue: every SMS the desk sends goes through it and <see cref="SmsSender"/>.</summary>
public interface ISmsQueue
{
    Task EnqueueSmsAsync(OutgoingSms sms, TimeSpan? delay, CancellationToken ct);
}

/// <summary>Every SMS the desk sends, with its outcome: the record that makes sending idempotent.</summary>
public interface ISmsLog
{
    /// <summary>Inserts the SMS (as its recipient reads it: <paramref name="text"/>) as <c>sending</c> unless it is already logged; returns the stored record and whether it was new.</summary>
    Task<(SmsRecord Record, bool IsNew)> ClaimAsync(OutgoingSms sms, string text, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// <see cref="ClaimAsync"/> for several SMS, in the same order: one write when they are all new and logged beside the tickets of
    /// one community (<see cref="OutgoingSms.WithTicket"/>), one each otherwise.
    /// </summary>
    Task<IReadOnlyList<(SmsRecord Record, bool IsNew)>> ClaimAllAsync(IReadOnlyList<(OutgoingSms Sms, string Text)> sms, DateTimeOffset now, CancellationToken ct);

    /// <summary>Stores the changed record (guarded by its ETag); returns it with the new ETag.</summary>
    Task<SmsRecord> UpdateAsync(SmsRecord record, CancellationToken ct);

    /// <summary>
    /// Stores several changed records, one write per ticket partition. A record whose row changed meanwhile (a delivery receipt, a
    /// sender that took over a stale claim) is left as the other writer made it.
    /// </summary>
    Task RecordAllAsync(IReadOnlyList<SmsRecord> records, CancellationToken ct);

    Task<SmsRecord?> GetAsync(string group, string key, CancellationToken ct);

    /// <summary>The SMS sent for one group (a ticket…), oldest first.</summary>
    Task<IReadOnlyList<SmsRecord>> ForGroupAsync(string group, CancellationToken ct);

    /// <summary>The most recent SMS across all groups (the local host's /dev/sms). A scan: development only.</summary>
    Task<IReadOnlyList<SmsRecord>> RecentAsync(int max, CancellationToken ct);
}

/// <summary>
/// Phones that replied TD/退订/STOP. Opt-out stops reminders and broadcasts (safety notices excepted);
/// it does not stop updates on the person's own tickets, which they asked for.
/// </summary>
public interface IOptOuts
{
    Task SetAsync(string phone, bool optedOut, DateTimeOffset at, CancellationToken ct);

    Task<bool> IsOptedOutAsync(string phone, CancellationToken ct);

    /// <summary>Every opted-out phone. A scan of a small table: for work that would otherwise read once per recipient.</summary>
    Task<IReadOnlySet<string>> AllAsync(CancellationToken ct);

    /// <summary>Turns one kind of broadcast (<see cref="SmsTopics"/>) off or back on for a phone (the owner's preferences).</summary>
    Task SetTopicAsync(string phone, string topic, bool off, DateTimeOffset at, CancellationToken ct);

    /// <summary>The topics this phone turned off. One single-partition query.</summary>
    Task<IReadOnlySet<string>> TopicsOffAsync(string phone, CancellationToken ct);

    /// <summary>Every phone that turned <paramref name="topic"/> off: for runs that would otherwise read once per recipient.</summary>
    Task<IReadOnlySet<string>> WithTopicOffAsync(string topic, CancellationToken ct);
}

/// <summary>
/// The kinds of broadcast an owner may turn off one by one on their home page (beside TD, which stops them all). Safety
/// notices (water, power, gas) are never held, whatever the owner chose.
/// </summary>
public static class SmsTopics
{
    public const string Fees = "fees";
    public const string Notices = "notices";
    public const string Events = "events";

    public static readonly IReadOnlyList<string> All = [Fees, Notices, Events];

    /// <summary>The topic an SMS of this template belongs to, or null when it cannot be turned off on its own.</summary>
    public static string? Of(string templateKey) => templateKey switch
    {
        "fee_upcoming" or "fee_overdue" => Fees,
        "notice_outage" or "notice_general" or "notice_update" => Notices,
        "event_reminder" => Events,
        _ => null,
    };
}
