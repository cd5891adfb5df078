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

    /// <summary>Stores the changed record (guarded by its ETag); returns it with the new ETag.</summary>
    Task<SmsRecord> UpdateAsync(SmsRecord record, CancellationToken ct);

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
}
