using PropertyFunctions.Core.Reports;
using PropertyFunctions.Core.Roster;
using PropertyFunctions.Core.Sms;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Ports;

/// <summary>Where tickets and their history live (Table Storage in production).</summary>
public interface ITicketStore
{
    /// <summary>Claims the id across all communities. False when another ticket already has it.</summary>
    Task<bool> TryReserveIdAsync(string id, string community, CancellationToken ct);

    /// <summary>Gives back an id reserved for a submission that was then refused or de-duplicated.</summary>
    Task ReleaseIdAsync(string id, CancellationToken ct);

    /// <summary>Stores a new ticket with its first history entry, atomically. Idempotent: an existing identical ticket is left alone.</summary>
    Task CreateAsync(Ticket ticket, HistoryEntry first, CancellationToken ct);

    /// <summary>The community a ticket id belongs to, or null.</summary>
    Task<string?> FindCommunityAsync(string id, CancellationToken ct);

    Task<Versioned<Ticket>?> GetAsync(string community, string id, CancellationToken ct);

    /// <summary>The ticket and its history in one read.</summary>
    Task<(Versioned<Ticket> Ticket, IReadOnlyList<HistoryEntry> History)?> GetWithHistoryAsync(string community, string id, CancellationToken ct);

    /// <summary>Replaces the ticket if its ETag still matches and appends history, atomically. The stored ticket with its new ETag, or null when the ETag was stale.</summary>
    Task<Versioned<Ticket>?> TryUpdateAsync(Versioned<Ticket> current, Ticket updated, IReadOnlyList<HistoryEntry> newEntries, CancellationToken ct);

    /// <summary>One page of a community's tickets, newest first, filtered; the token continues where the page ended.</summary>
    Task<(IReadOnlyList<Versioned<Ticket>> Tickets, string? Continuation)> ListAsync(string community, TicketFilter filter, string? continuation,
        int pageSize, CancellationToken ct);

    /// <summary>A unit's tickets (its records page): one filtered query inside the community's partition.</summary>
    Task<IReadOnlyList<Ticket>> ForUnitAsync(string community, UnitAddress unit, CancellationToken ct);

    /// <summary>
    /// The tickets of a community whose id starts with <paramref name="idPrefix"/>: ids start with the local date (yyMMdd), so
    /// <c>2611</c> is every ticket created in November 2026. One single-partition RowKey range query, paged, reading only the
    /// columns the monthly report needs (its history rows, which share the range, are filtered out by the query).
    /// </summary>
    IAsyncEnumerable<ReportTicket> WithIdPrefixAsync(string community, string idPrefix, CancellationToken ct);

    /// <summary>Every ticket not yet closed or cancelled, page by page across communities: the timers' input.</summary>
    IAsyncEnumerable<Versioned<Ticket>> ScanActiveAsync(CancellationToken ct);

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

public sealed record TicketFilter(string? Status = null, string? Department = null, string? Priority = null);

/// <summary>Remembers the first answer given for an Idempotency-Key.</summary>
public interface IIdempotencyStore
{
    Task<IdempotencyRecord?> GetAsync(string key, CancellationToken ct);

    /// <summary>Stores the record unless the key is taken; returns the record that is stored afterwards.</summary>
    Task<IdempotencyRecord> AddOrGetAsync(IdempotencyRecord record, CancellationToken ct);

    /// <summary>Forgets a key whose request was refused (e.g. rate-limited), so a later retry is judged afresh.</summary>
    Task DeleteAsync(string key, CancellationToken ct);
}

public sealed record IdempotencyRecord(string Key, string BodyHash, string TicketId, string Community, string Answer, DateTimeOffset CreatedAt);

/// <summary>Fixed-window counters shared by every instance of the app.</summary>
public interface IRateLimiter
{
    /// <summary>Counts one hit against <paramref name="subject"/> in the window containing <paramref name="now"/>; false when the limit is already reached.</summary>
    Task<bool> TryAcquireAsync(string subject, int limit, DateTimeOffset windowStart, CancellationToken ct);
}

/// <summary>The work queues (DESIGN.md §4).</summary>
public interface IWorkQueue
{
    Task EnqueueRouteAsync(RouteMessage message, TimeSpan? delay, CancellationToken ct);

    Task EnqueueSmsAsync(OutgoingSms sms, TimeSpan? delay, CancellationToken ct);

    Task EnqueueNoticeFanoutAsync(Notices.NoticeFanoutMessage message, TimeSpan? delay, CancellationToken ct);
}

/// <summary>Every SMS the desk sends, with its outcome: the record that makes sending idempotent.</summary>
public interface ISmsLog
{
    /// <summary>Inserts the SMS as <c>sending</c> unless it is already logged; returns the stored record and whether it was new.</summary>
    Task<(SmsRecord Record, bool IsNew)> ClaimAsync(OutgoingSms sms, DateTimeOffset now, CancellationToken ct);

    /// <summary>Stores the changed record (guarded by its ETag); returns it with the new ETag.</summary>
    Task<SmsRecord> UpdateAsync(SmsRecord record, CancellationToken ct);

    Task<SmsRecord?> GetAsync(string group, string key, CancellationToken ct);

    /// <summary>The SMS sent for one group (a ticket…), oldest first.</summary>
    Task<IReadOnlyList<SmsRecord>> ForGroupAsync(string group, CancellationToken ct);

    /// <summary>The most recent SMS across all groups (the local host's /dev/sms). A scan: development only.</summary>
    Task<IReadOnlyList<SmsRecord>> RecentAsync(int max, CancellationToken ct);
}

/// <summary>Duty rosters per community.</summary>
public interface IRosterStore
{
    Task<IReadOnlyList<StaffMember>> GetAsync(string community, CancellationToken ct);

    /// <summary>Replaces the rosters of the communities named in <paramref name="staff"/>.</summary>
    Task ReplaceAsync(IReadOnlyList<StaffMember> staff, CancellationToken ct);

    /// <summary>The roster entries of a phone number, across communities (for SMS replies).</summary>
    Task<IReadOnlyList<StaffMember>> FindByPhoneAsync(string phone, CancellationToken ct);
}

/// <summary>The ticket-route message: ids only; the handler re-reads the ticket.</summary>
public sealed record RouteMessage(string Community, string TicketId);

/// <summary>
/// Where owners' photos live (a private Blob container in production). Browsers upload and read through
/// short-lived URLs for one photo each, so photo bytes never pass through the API.
/// </summary>
public interface IPhotoStore
{
    /// <summary>A URL that lets its holder create or overwrite this one photo until <paramref name="expiresOn"/>, and nothing else (no read, no list).</summary>
    Task<Uri> UploadUrlAsync(string name, DateTimeOffset expiresOn, CancellationToken ct);

    /// <summary>A URL that lets its holder read this one photo until <paramref name="expiresOn"/>, always served as image/jpeg.</summary>
    Task<Uri> ReadUrlAsync(string name, DateTimeOffset expiresOn, CancellationToken ct);

    /// <summary>What was uploaded under <paramref name="name"/>: size, declared type and the first bytes; null when nothing was.</summary>
    Task<StoredPhoto?> InspectAsync(string name, CancellationToken ct);

    Task DeleteAsync(string name, CancellationToken ct);
}

/// <param name="Head">The first few bytes, enough to recognise the file format.</param>
public sealed record StoredPhoto(long Bytes, string? ContentType, ReadOnlyMemory<byte> Head);
