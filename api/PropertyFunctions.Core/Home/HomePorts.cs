using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Home;

/// <summary>A sign-in code waiting to be used: only its hash is kept, with its expiry and the attempts made at it.</summary>
public sealed record OwnerCode(string Community, string Phone, string Hash, DateTimeOffset ExpiresAt, int Attempts);

/// <summary>A signed-in owner: one phone in one community, until <see cref="ExpiresAt"/> or sign-out.</summary>
public sealed record OwnerSession(string Id, string Community, string Phone, DateTimeOffset ExpiresAt);

/// <summary>
/// An owner-codes message: someone asked for a sign-in code for this phone. The queue Function decides whether the phone is
/// on record, so the HTTP answer does the same work for every number. <see cref="RequestId"/> makes the code and its SMS
/// the same however often the message is delivered.
/// </summary>
public sealed record OwnerCodeRequest(string Community, string Phone, string RequestId);

/// <summary>Sign-in codes and sessions (table OwnerSignIns: PartitionKey "code|{community}|{phone}" or "session|{id}", RowKey "").</summary>
public interface IOwnerSignIns
{
    Task SaveCodeAsync(OwnerCode code, CancellationToken ct);

    Task<Versioned<OwnerCode>?> GetCodeAsync(string community, string phone, CancellationToken ct);

    /// <summary>Stores one more attempt at the code under its ETag; false when another attempt got there first.</summary>
    Task<bool> TryCountAttemptAsync(Versioned<OwnerCode> code, CancellationToken ct);

    Task DeleteCodeAsync(string community, string phone, CancellationToken ct);

    Task SaveSessionAsync(OwnerSession session, CancellationToken ct);

    Task<OwnerSession?> GetSessionAsync(string id, CancellationToken ct);

    Task DeleteSessionAsync(string id, CancellationToken ct);
}

/// <summary>The owner-codes queue.</summary>
public interface IOwnerCodeQueue
{
    Task EnqueueCodeRequestAsync(OwnerCodeRequest request, CancellationToken ct);
}
