using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Fees;

/// <summary>The fees of one unit, read together (they are neighbours in the ledger's key order).</summary>
public sealed record UnitFees(string Community, UnitAddress Unit, string UnitKey, IReadOnlyList<FeeEntry> Fees);

/// <summary>Where a scan of the ledger stopped: after this unit of this community.</summary>
public sealed record ScanPosition(string Community, string AfterUnitKey);

/// <summary>
/// The fee ledger (table Fees; PartitionKey community, RowKey "building|unit|room|feeType|period").
/// Request paths read one partition or one unit's range; only the reminder timer scans, page by page.
/// </summary>
public interface IFeeLedger
{
    /// <summary>Inserts or updates the rows (amounts, due date, paid), keeping each row's reminder history.</summary>
    Task UpsertAsync(IReadOnlyList<FeeEntry> entries, CancellationToken ct);

    /// <summary>A community's ledger, optionally one building, in key order (a single-partition query).</summary>
    IAsyncEnumerable<FeeEntry> InCommunityAsync(string community, string? building, CancellationToken ct);

    Task<IReadOnlyList<FeeEntry>> InUnitAsync(string community, UnitAddress unit, CancellationToken ct);

    /// <summary>Every unit with fees, community by community in key order, starting after <paramref name="after"/>; streams page by page.</summary>
    IAsyncEnumerable<UnitFees> ScanUnitsAsync(ScanPosition? after, CancellationToken ct);

    /// <summary>Marks the unit's unpaid rows as promised by <paramref name="date"/> (nothing else): reminders pause until then.</summary>
    Task PromiseAsync(string community, UnitAddress unit, DateOnly date, CancellationToken ct);

    /// <summary>Stores the rows' reminder histories (nothing else), all in one community.</summary>
    Task RecordRemindersAsync(string community, IReadOnlyList<FeeEntry> entries, CancellationToken ct);
}

/// <summary>
/// Where a long timer run stands (table Checkpoints; PartitionKey run name, RowKey ""). The lease keeps two
/// runs (the schedule and an operator's manual run) from working at once; the position lets a run cut
/// short resume where it stopped.
/// </summary>
public sealed record RunCheckpoint(string RunId, DateTimeOffset StartedAt, ScanPosition? Position, bool Completed, DateTimeOffset LeaseUntil,
    string? ETag = null);

public interface IRunCheckpoints
{
    Task<RunCheckpoint?> GetAsync(string name, CancellationToken ct);

    /// <summary>Saves the checkpoint if its ETag still matches (null ETag: only if none exists). Null when another run got there first.</summary>
    Task<RunCheckpoint?> TrySaveAsync(string name, RunCheckpoint checkpoint, CancellationToken ct);
}
