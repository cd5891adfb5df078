using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Privacy;

/// <summary>
/// The storage side of retention. Every delete is batched per partition (entity-group transactions of at most 100 rows)
/// and idempotent — a row already gone counts as deleted — so a run cut short leaves nothing the next run cannot finish.
/// Each method answers how many rows it removed.
/// </summary>
public interface IRetentionStore
{
    /// <summary>SMS log rows whose first attempt was before <paramref name="cutoff"/>.</summary>
    Task<int> DeleteSmsLogBeforeAsync(DateTimeOffset cutoff, CancellationToken ct);

    /// <summary>Rate-limit windows that opened before <paramref name="cutoff"/>.</summary>
    Task<int> DeleteRateLimitsBeforeAsync(DateTimeOffset cutoff, CancellationToken ct);

    /// <summary>Idempotency answers stored before <paramref name="cutoff"/>.</summary>
    Task<int> DeleteIdempotencyBeforeAsync(DateTimeOffset cutoff, CancellationToken ct);

    /// <summary>The sign-ups of events that ended before <paramref name="cutoff"/> (the events and their counts stay).</summary>
    Task<int> DeleteSignupsOfEventsEndedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct);

    /// <summary>A community's tickets created before <paramref name="cutoff"/> that are not anonymised yet: one RowKey range (ids start with the date).</summary>
    IAsyncEnumerable<Versioned<Ticket>> UnanonymisedTicketsCreatedBeforeAsync(string community, DateTimeOffset cutoff, CancellationToken ct);

    /// <summary>Short links last written before <paramref name="cutoff"/> (a staff phone's "latest task" pointer is not one).</summary>
    IAsyncEnumerable<ShortLink> LinksWrittenBeforeAsync(DateTimeOffset cutoff, CancellationToken ct);

    Task DeleteLinkAsync(string code, CancellationToken ct);

    /// <summary>
    /// Everything a ticket holds outside its own row: the notes of its history (staff notes quote owners), the rating-index
    /// row of its phone, its photos, its tracking link. Called before the row itself is anonymised, so a failure leaves the
    /// ticket unanonymised and the next run does it all again.
    /// </summary>
    Task<int> ScrubTicketAsync(Ticket ticket, string trackingCode, CancellationToken ct);
}

/// <summary>Everything held about one phone number, table by table (PIPL access and deletion).</summary>
public interface IPersonalDataStore
{
    /// <summary>Every row that names <paramref name="phone"/>, as table name and columns; tickets are read through <see cref="ITicketStore"/>.</summary>
    Task<IReadOnlyList<PersonalRow>> FindAsync(string phone, CancellationToken ct);

    /// <summary>
    /// Removes the rows <see cref="FindAsync"/> finds outside the tickets: residents, SMS log entries to the number, the rating
    /// index, a staff phone's latest-task pointer; event sign-ups lose name, phone and room but keep their place in the counts.
    /// Answers the rows removed or anonymised per table.
    /// </summary>
    Task<IReadOnlyDictionary<string, int>> EraseAsync(string phone, CancellationToken ct);

    /// <summary>Replaces the number's opt-out (if any) by a keyed hash, so an erased person is never texted a broadcast again.</summary>
    Task<bool> KeepOptOutHashedAsync(string phone, DateTimeOffset at, CancellationToken ct);
}

/// <summary>One stored row about a person.</summary>
public sealed record PersonalRow(string Table, string Key, IReadOnlyDictionary<string, object?> Values);

/// <summary>The record of an export or an erasure: who, when, what was done; the phone only as a keyed hash.</summary>
public sealed record PrivacyAuditEntry(string Action, DateTimeOffset At, string Actor, string PhoneHash, IReadOnlyDictionary<string, int> Counts);

public interface IPrivacyAudit
{
    Task RecordAsync(PrivacyAuditEntry entry, CancellationToken ct);
}
