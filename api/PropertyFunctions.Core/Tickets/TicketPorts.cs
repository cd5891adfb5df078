using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Core.Tickets;

/// <summary>
/// The first answer given for an Idempotency-Key: stored with the ticket it created, so a retry of the submission gets the
/// same ticket and the same answer.
/// </summary>
public sealed record SubmissionClaim(string Key, string BodyHash, string TicketId, string Community, string Answer, DateTimeOffset CreatedAt);

/// <summary>A ticket with its history and the SMS logged beside it: what staff see of it.</summary>
public sealed record TicketRecord(Versioned<Ticket> Ticket, IReadOnlyList<HistoryEntry> History, IReadOnlyList<SmsRecord> Sms);

/// <summary>Where tickets and their history live (Table Storage in production).</summary>
public interface ITicketStore
{
    /// <summary>A new ticket id of <paramref name="day"/> (yyMMdd) for the community, unique across all communities.</summary>
    Task<string> NewIdAsync(string community, string day, CancellationToken ct);

    /// <summary>
    /// Stores a new ticket with its first history entry and, for a submission with an Idempotency-Key, its claim: one
    /// atomic write. Null when the claim's key is already taken (nothing is stored): the caller replays the first answer.
    /// </summary>
    Task<Versioned<Ticket>?> TryCreateAsync(Ticket ticket, HistoryEntry first, SubmissionClaim? claim, CancellationToken ct);

    /// <summary>The claim stored for an Idempotency-Key in a community, or null.</summary>
    Task<SubmissionClaim?> GetClaimAsync(string community, string key, CancellationToken ct);

    /// <summary>Removes a ticket just created, with its first history entry and its claim, in one write (a submission refused by the limits).</summary>
    Task DeleteNewAsync(Versioned<Ticket> ticket, SubmissionClaim? claim, CancellationToken ct);

    /// <summary>The community a ticket id belongs to, or null.</summary>
    Task<string?> FindCommunityAsync(string id, CancellationToken ct);

    Task<Versioned<Ticket>?> GetAsync(string community, string id, CancellationToken ct);

    /// <summary>The ticket and its history in one read.</summary>
    Task<(Versioned<Ticket> Ticket, IReadOnlyList<HistoryEntry> History)?> GetWithHistoryAsync(string community, string id, CancellationToken ct);

    /// <summary>The ticket, its history and the SMS logged beside it (<see cref="Ticket.SmsWithTicket"/>), oldest first, in one read.</summary>
    Task<TicketRecord?> GetRecordAsync(string community, string id, CancellationToken ct);

    /// <summary>Replaces the ticket if its ETag still matches and appends history, atomically. The stored ticket with its new ETag, or null when the ETag was stale.</summary>
    Task<Versioned<Ticket>?> TryUpdateAsync(Versioned<Ticket> current, Ticket updated, IReadOnlyList<HistoryEntry> newEntries, CancellationToken ct) =>
        TryUpdateAsync(current, updated, newEntries, [], ct);

    /// <summary>
    /// The same, storing in the same transaction the outcomes of the SMS the change caused (<see cref="SmsOutbox.SendAsync"/>), which
    /// are logged beside this ticket. The outcomes are stored even when the change is not: those SMS went out.
    /// </summary>
    Task<Versioned<Ticket>?> TryUpdateAsync(Versioned<Ticket> current, Ticket updated, IReadOnlyList<HistoryEntry> newEntries, IReadOnlyList<SmsRecord> smsOutcomes,
        CancellationToken ct);

    /// <summary>One page of a community's tickets, newest first, filtered; the token continues where the page ended.</summary>
    Task<(IReadOnlyList<Versioned<Ticket>> Tickets, string? Continuation)> ListAsync(string community, TicketFilter filter, string? continuation,
        int pageSize, CancellationToken ct);

    /// <summary>A unit's tickets (its records page): one filtered query inside the community's partition.</summary>
    Task<IReadOnlyList<Ticket>> ForUnitAsync(string community, UnitAddress unit, CancellationToken ct);

    /// <summary>A phone's tickets in a community (the caller lookup), newest first, at most <paramref name="max"/>: one filtered query in the partition.</summary>
    Task<IReadOnlyList<Ticket>> ByPhoneAsync(string community, string phone, int max, CancellationToken ct);

    /// <summary>The tickets an outage notice answered (and that still stand answered): one filtered query in the community's partition.</summary>
    Task<IReadOnlyList<Ticket>> AnsweredByNoticeAsync(string community, string noticeId, CancellationToken ct);

    /// <summary>Every ticket not yet closed or cancelled, page by page across communities: the timers' input.</summary>
    IAsyncEnumerable<Versioned<Ticket>> ScanActiveAsync(CancellationToken ct);

    /// <summary>Emergencies open and never accepted (<see cref="Lifecycle.AwaitsEmergencyAcceptance"/>), across communities: the console's red banner.</summary>
    IAsyncEnumerable<Ticket> UnansweredEmergenciesAsync(CancellationToken ct);

    /// <summary>Remembers that <paramref name="phone"/> has a ticket waiting for a rating, so an SMS reply "1"–"5" finds it.</summary>
    Task IndexForRatingAsync(string phone, string community, string id, CancellationToken ct);

    /// <summary>The phone's most recent ticket waiting for a rating, if any.</summary>
    Task<(string Community, string Id)?> FindAwaitingRatingAsync(string phone, CancellationToken ct);

    /// <summary>
    /// Tickets still <c>received</c> that should have moved on by <paramref name="before"/>: never routed and created
    /// before it, or due for dispatch before it and never dispatched. The safety net's input; pages through all communities.
    /// </summary>
    IAsyncEnumerable<Ticket> FindUndispatchedAsync(DateTimeOffset before, CancellationToken ct);
}

/// <summary>
/// The queue's filters, all applied by the store: a status, or <see cref="OpenOnly"/> (any status a clerk still works on), a
/// department, a priority, and the search: the owner's phone, the start of their name, or their unit.
/// </summary>
public sealed record TicketFilter(string? Status = null, string? Department = null, string? Priority = null, bool OpenOnly = false,
    string? Phone = null, string? NamePrefix = null, UnitAddress? Unit = null);

/// <summary>
/// Where owners' photos live (a private Blob container in production). Browsers upload and read through
/// short-lived URLs for one photo each, so photo bytes never pass through the API on their way in or out. Uploads land
/// under their own names (<see cref="TicketPhotos.UploadPrefix"/>); an attached photo is a copy the desk wrote under a name
/// no upload URL was ever issued for.
/// </summary>
public interface IPhotoStore
{
    /// <summary>A URL that lets its holder create or overwrite this one blob until <paramref name="expiresOn"/>, and nothing else (no read, no list).</summary>
    Task<Uri> UploadUrlAsync(string name, DateTimeOffset expiresOn, CancellationToken ct);

    /// <summary>A URL that lets its holder read this one photo until <paramref name="expiresOn"/>, always served as image/jpeg.</summary>
    Task<Uri> ReadUrlAsync(string name, DateTimeOffset expiresOn, CancellationToken ct);

    /// <summary>The name of the first blob whose name starts with <paramref name="prefix"/>, or null.</summary>
    Task<string?> FindAsync(string prefix, CancellationToken ct);

    /// <summary>
    /// What was uploaded under <paramref name="name"/>: size, declared type and first bytes, with the whole content when it is
    /// at most <paramref name="maxBytes"/> long (else empty); null when nothing was uploaded.
    /// </summary>
    Task<(StoredPhoto Photo, ReadOnlyMemory<byte> Content)?> ReadAsync(string name, long maxBytes, CancellationToken ct);

    /// <summary>Creates the blob with this content; false (and nothing written) when it exists already.</summary>
    Task<bool> TryCreateAsync(string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken ct);

    /// <summary>Blobs whose names start with <paramref name="prefix"/>, with the time storage created them.</summary>
    IAsyncEnumerable<(string Name, DateTimeOffset CreatedOn)> ListAsync(string prefix, CancellationToken ct);

    Task DeleteAsync(string name, CancellationToken ct);
}

/// <param name="Head">The first few bytes, enough to recognise the file format.</param>
public sealed record StoredPhoto(long Bytes, string? ContentType, ReadOnlyMemory<byte> Head);
