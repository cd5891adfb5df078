using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Events;

/// <summary>
/// A community event (社区活动) with places. The event itself is the sign-up counter: every sign-up changes it
/// under its ETag in the same atomic batch that inserts the sign-up, so two sign-ups can never both take the last place.
/// </summary>
public sealed record CommunityEvent
{
    public required string Id { get; init; }
    public required string Community { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required string Place { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public required DateTimeOffset EndsAt { get; init; }
    /// <summary>Places, counted in people (a sign-up may bring several).</summary>
    public required int Capacity { get; init; }
    public required DateTimeOffset SignupDeadline { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public int ConfirmedPeople { get; init; }
    public int ConfirmedSignups { get; init; }
    public int WaitingSignups { get; init; }
    /// <summary>Waiting-list numbers handed out so far: a new waiting sign-up takes the next, so the order survives cancellations.</summary>
    public int WaitingIssued { get; init; }

    public int PlacesLeft => Math.Max(0, Capacity - ConfirmedPeople);

    /// <summary>Sign-up is open up to and including its deadline: the one place this is decided.</summary>
    public bool SignupOpenAt(DateTimeOffset now) => now <= SignupDeadline;

    /// <summary>A sign-up may be cancelled (and its place given to the waiting list) until the event starts.</summary>
    public bool CancellableAt(DateTimeOffset now) => now < StartsAt;

    public string SmsGroup => $"event:{Community}:{Id}";
}

/// <summary>One sign-up; at most one per phone and event.</summary>
public sealed record Signup(
    string Community,
    string EventId,
    string Phone,
    string Name,
    string Building,
    string Room,
    int People,
    string Status,
    int? WaitingPosition,
    string Language,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RemindedAt = null,
    bool Promoted = false,
    DateTimeOffset? CancelledAt = null);

public static class SignupStatuses
{
    public const string Confirmed = "confirmed";
    public const string Waiting = "waiting";
    /// <summary>Cancelled by its owner (the link in the SMS). The row stays, so the phone cannot sign up again and be texted again.</summary>
    public const string Cancelled = "cancelled";
}

public enum SignupWrite
{
    Added,
    /// <summary>The event changed since it was read (another sign-up won): re-read and decide again.</summary>
    Stale,
    /// <summary>This phone is already signed up for the event.</summary>
    Duplicate,
}

/// <summary>Events in storage (table Events, PartitionKey community; EventIds maps an id to its community).</summary>
public interface IEventStore
{
    /// <summary>Stores a new event; false when the id is taken (ids are unique across communities).</summary>
    Task<bool> TryCreateAsync(CommunityEvent e, CancellationToken ct);

    Task<string?> FindCommunityAsync(string id, CancellationToken ct);

    Task<Versioned<CommunityEvent>?> GetAsync(string community, string id, CancellationToken ct);

    /// <summary>Events of the community that have not ended by <paramref name="now"/>: one single-partition range query.</summary>
    Task<IReadOnlyList<CommunityEvent>> NotEndedAsync(string community, DateTimeOffset now, CancellationToken ct);

    /// <summary>Inserts the sign-up and replaces the event (its counters) in one atomic batch, guarded by the event's ETag.</summary>
    Task<SignupWrite> TryAddSignupAsync(Versioned<CommunityEvent> current, CommunityEvent updated, Signup signup, CancellationToken ct);

    Task<Signup?> GetSignupAsync(string community, string id, string phone, CancellationToken ct);

    /// <summary>The event's sign-ups in the order they arrived.</summary>
    Task<IReadOnlyList<Signup>> SignupsAsync(string community, string id, CancellationToken ct);

    /// <summary>Events starting in [from, to) across communities: the reminder timer's scan.</summary>
    IAsyncEnumerable<CommunityEvent> StartingBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    Task MarkRemindedAsync(Signup signup, DateTimeOffset at, CancellationToken ct);

    /// <summary>
    /// Replaces the event (its counters) and merges the given sign-ups' status in one atomic batch, guarded by the event's ETag;
    /// false when the event changed since it was read.
    /// </summary>
    Task<bool> TryChangeSignupsAsync(Versioned<CommunityEvent> current, CommunityEvent updated, IReadOnlyList<Signup> changed, CancellationToken ct);

    /// <summary>Remembers which sign-up a cancel code belongs to (storing it again changes nothing).</summary>
    Task SaveCancelCodeAsync(string code, string community, string eventId, string phone, CancellationToken ct);

    Task<(string Community, string EventId, string Phone)?> FindCancelCodeAsync(string code, CancellationToken ct);
}
