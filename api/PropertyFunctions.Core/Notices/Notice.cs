using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Residents;

namespace PropertyFunctions.Core.Notices;

/// <summary>
/// A community notice (通知): an outage, works, an event announcement. Every change that households
/// should hear about (the first publication, "restored at 15:40") is a new <see cref="Version"/>;
/// an SMS broadcast is per version, so each household gets at most one SMS per version.
/// </summary>
public sealed record Notice
{
    public required string Id { get; init; }
    public required string Community { get; init; }
    public required string Type { get; init; }
    public required string Title { get; init; }
    public required string Body { get; init; }
    /// <summary>The affected buildings; empty means the whole community.</summary>
    public required IReadOnlyList<string> Buildings { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset? ExpectedEndAt { get; init; }
    public required bool SendSms { get; init; }
    public required string Status { get; init; }
    public required int Version { get; init; }
    public IReadOnlyList<NoticeUpdate> Updates { get; init; } = [];
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public DateTimeOffset? WithdrawnAt { get; init; }

    /// <summary>Owners see a notice until a day after it ended (resolved, or expected to end); one without an end for 30 days.</summary>
    public DateTimeOffset VisibleUntil => Status switch
    {
        NoticeStatuses.Withdrawn => WithdrawnAt ?? UpdatedAt,
        NoticeStatuses.Resolved => (ResolvedAt ?? UpdatedAt) + TimeSpan.FromDays(1),
        _ => ExpectedEndAt is { } end ? end + TimeSpan.FromDays(1) : StartsAt + TimeSpan.FromDays(30),
    };

    /// <summary>The SMS log group of this notice's broadcasts (one partition per notice).</summary>
    public string SmsGroup => SmsGroupFor(Community, Id);

    public static string SmsGroupFor(string community, string id) => $"notice:{community}:{id}";
}

/// <summary>A later word on a notice, e.g. "已于15:40恢复供水". <see cref="Version"/> is the notice version it created.</summary>
public sealed record NoticeUpdate(int Version, DateTimeOffset At, string Text, bool Sms);

public static class NoticeStatuses
{
    public const string Active = "active";
    public const string Resolved = "resolved";
    public const string Withdrawn = "withdrawn";

    public static readonly IReadOnlyList<string> All = [Active, Resolved, Withdrawn];
}

public static class NoticeTypes
{
    public const string Water = "water";
    public const string Power = "power";
    public const string Gas = "gas";
    public const string Elevator = "elevator";
    /// <summary>Broadband or the building's network (断网).</summary>
    public const string Network = "network";
    public const string Works = "works";
    public const string Event = "event";
    public const string General = "general";

    public static readonly IReadOnlyList<string> All = [Water, Power, Gas, Elevator, Network, Works, Event, General];

    /// <summary>Outages are listed first: they change what residents can do today.</summary>
    public static bool IsOutage(string type) => type is Water or Power or Gas or Elevator or Network;

    /// <summary>
    /// Safety notices reach every affected household, opted out or not: without water, power or gas people
    /// need to know (stored water, lifts, pumps, cooking). Everything else honours TD/退订.
    /// </summary>
    public static bool IsSafety(string type) => type is Water or Power or Gas;
}

/// <summary>One household (户) for a broadcast: a unit and the people on record for it.</summary>
public sealed record Household(UnitAddress Unit, string UnitKey, IReadOnlyList<Resident> Residents);

/// <summary>
/// A notice-fanout message. Without <see cref="Building"/> it is the plan: list the households and queue
/// one page message per (building, slice of up to <c>PageSize</c> households). A page queues its SMS.
/// <see cref="Offset"/> is the page's first household's position in the whole broadcast, so the throttle
/// spreads all pages over one timeline.
/// </summary>
public sealed record NoticeFanoutMessage(string Community, string NoticeId, int Version, string? Building = null, int Skip = 0, int Take = 0, int Offset = 0);

/// <summary>What a page of a broadcast did (stored per page, so a redelivered page overwrites rather than adds).</summary>
public sealed record BroadcastPage(string Building, int Skip, int Queued, int Skipped);

/// <summary>A broadcast's figures for one version: households planned, SMS queued, households skipped (opted out), SMS sent and failed.</summary>
public sealed record BroadcastCounts(int Version, int? Households, int Queued, int Skipped, int Sent, int Failed, int Pending);

/// <summary>Notices in storage (table Notices, PartitionKey community; broadcast progress in NoticeBroadcasts).</summary>
public interface INoticeStore
{
    /// <summary>
    /// Inserts a new notice, with its pending broadcast (<paramref name="outbox"/>) and the client's request key when given, in
    /// one atomic batch: all three are stored or none.
    /// </summary>
    Task<NoticeCreateResult> TryCreateAsync(Notice notice, NoticeOutbox? outbox, NoticeRequestKey? key, CancellationToken ct);

    /// <summary>The notice a request key created, or null.</summary>
    Task<NoticeRequestKey?> FindRequestKeyAsync(string community, string key, CancellationToken ct);

    Task<Versioned<Notice>?> GetAsync(string community, string id, CancellationToken ct);

    /// <summary>
    /// Replaces the notice if its ETag still matches, and in the same batch stores the version's pending broadcast when given;
    /// the new ETag, or null when stale.
    /// </summary>
    Task<string?> TryUpdateAsync(Versioned<Notice> current, Notice updated, NoticeOutbox? outbox, CancellationToken ct);

    /// <summary>Marks a version's broadcast as planned (its pages are queued); nothing when there is no outbox row.</summary>
    Task CompleteOutboxAsync(string community, string id, int version, DateTimeOffset at, CancellationToken ct);

    /// <summary>Pending broadcasts last queued before <paramref name="queuedBefore"/>, across communities: the sweep's scan.</summary>
    IAsyncEnumerable<NoticeOutbox> PendingOutboxAsync(DateTimeOffset queuedBefore, CancellationToken ct);

    /// <summary>Records that the sweep queued a pending broadcast again.</summary>
    Task RequeuedOutboxAsync(NoticeOutbox outbox, DateTimeOffset at, CancellationToken ct);

    /// <summary>Notices still visible at <paramref name="now"/> (withdrawn ones excluded): one single-partition query.</summary>
    Task<IReadOnlyList<Notice>> VisibleAsync(string community, DateTimeOffset now, CancellationToken ct);

    /// <summary>Every notice of the community, newest first (the staff list), at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<Notice>> RecentAsync(string community, int max, CancellationToken ct);

    /// <summary>Records the number of households a version's plan found (idempotent upsert).</summary>
    Task SetPlannedAsync(string community, string id, int version, int households, CancellationToken ct);

    /// <summary>Records what one page did (idempotent upsert: a redelivered page overwrites its own row).</summary>
    Task SetPageAsync(string community, string id, int version, BroadcastPage page, CancellationToken ct);

    /// <summary>Planned households per version and the pages recorded so far.</summary>
    Task<IReadOnlyList<(int Version, int? Households, IReadOnlyList<BroadcastPage> Pages)>> BroadcastsAsync(string community, string id, CancellationToken ct);
}

/// <summary>
/// The outbox row of one version's SMS broadcast: written with the notice (same partition, one batch), so a broadcast the desk
/// promised cannot be lost between saving the notice and queuing the plan. Pending until the plan has queued its pages.
/// </summary>
/// <param name="QueuedAt">When the plan was last queued (by the desk, or by the sweep).</param>
/// <param name="Sweeps">How often the sweep has queued it again.</param>
public sealed record NoticeOutbox(string Community, string NoticeId, int Version, DateTimeOffset QueuedAt, int Sweeps = 0);

/// <summary>A client's request key (Idempotency-Key) for creating a notice: a retry of the request gets the notice it created.</summary>
public sealed record NoticeRequestKey(string Key, string NoticeId, string BodyHash);

/// <param name="ETag">The new notice's ETag when stored.</param>
/// <param name="Existing">The request key was used before: the notice it created (nothing was stored now).</param>
public sealed record NoticeCreateResult(string? ETag, NoticeRequestKey? Existing = null);

/// <summary>The notice-fanout queue: a broadcast's plan and pages.</summary>
public interface INoticeQueue
{
    Task EnqueueNoticeFanoutAsync(NoticeFanoutMessage message, TimeSpan? delay, CancellationToken ct);
}
