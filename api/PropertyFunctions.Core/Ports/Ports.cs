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

    /// <summary>Replaces the ticket if its ETag still matches and appends history, atomically. False when the ETag is stale.</summary>
    Task<bool> TryUpdateAsync(Versioned<Ticket> current, Ticket updated, IReadOnlyList<HistoryEntry> newEntries, CancellationToken ct);

    /// <summary>Tickets never routed that were created before <paramref name="before"/>: the safety net's input. Pages through all communities.</summary>
    IAsyncEnumerable<Ticket> FindUnroutedAsync(DateTimeOffset before, CancellationToken ct);
}

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
}

/// <summary>The ticket-route message: ids only; the handler re-reads the ticket.</summary>
public sealed record RouteMessage(string Community, string TicketId);
