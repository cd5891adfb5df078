namespace PropertyFunctions.Core.Intake;

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

