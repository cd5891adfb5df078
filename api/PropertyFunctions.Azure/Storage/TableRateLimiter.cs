using System.Collections.Concurrent;
using System.Globalization;
using Azure.Data.Tables;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Fixed-window limits in Table Storage, so every scaled-out instance sees the same count. A subject's window has
/// <c>limit</c> numbered slots, and a hit takes the next free one with an insert, which only one writer can win: a parallel
/// burst gets exactly <c>limit</c> hits through, never more. No row is ever updated, so a burst does not collapse on one
/// contended entity as a shared counter with ETags does.
/// <para>
/// A hit is one request, whatever the number of limits it counts against: every window of the same hour is one partition,
/// so the slots of all the subjects (a client address and a phone) are inserted in one entity-group transaction, all or
/// none. The instance remembers the next slot it expects to be free in each subject's window (slots are only ever added,
/// so what it saw taken stays taken) and inserts there at once. Only when another instance took that slot (409, with the
/// failing insert's index) does it count that subject's window with one query and try again; once it knows a window is
/// full it refuses without asking storage at all.
/// </para>
/// PartitionKey = "{window start, yyyyMMddHHmm UTC}", RowKey = "{keyed hash of the subject (PersonalHash)}|{slot}": no
/// phone or address is stored, and the daily retention run finds expired windows with one PartitionKey range query
/// (<see cref="WindowPrefix"/>). An hour's partition takes a few hits a second at most, far below a partition's limits.
/// </summary>
public sealed class TableRateLimiter(StorageClients storage, PersonalHash hash) : IRateLimiter
{
    /// <summary>Windows remembered per instance; past this the memory is dropped (the next hits count once more).</summary>
    private const int MaxRemembered = 50_000;

    private readonly TableClient _table = storage.Table("RateLimits");
    private readonly ConcurrentDictionary<string, int> _nextSlot = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _budgetLeft = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<bool>> _takingChunk = new(StringComparer.Ordinal);

    /// <summary>
    /// A budget of <c>limit</c> hits is <c>limit / chunk</c> slots of <c>chunk</c> hits each (about 30 chunks, at most 20 hits
    /// each): an instance takes a chunk with one insert and spends it from memory. Across instances the budget is never
    /// exceeded; at most a chunk per instance goes unspent when the hour ends (a community's default 300 SMS an hour: one
    /// request per 10 SMS).
    /// </summary>
    public async Task<bool> TryAcquireFromBudgetAsync(string subject, int limit, DateTimeOffset windowStart, CancellationToken ct)
    {
        var name = $"{WindowPrefix(windowStart)}|{subject}";
        if (_budgetLeft.Count > MaxRemembered)
        {
            _budgetLeft.Clear();
        }
        while (true)
        {
            while (_budgetLeft.TryGetValue(name, out var left) && left > 0)
            {
                if (_budgetLeft.TryUpdate(name, left - 1, left))
                {
                    return true;
                }
            }
            // One chunk is taken at a time per instance; the hits waiting meanwhile share it.
            Task<bool> taking;
            lock (_takingChunk)
            {
                if (!_takingChunk.TryGetValue(name, out taking!))
                {
                    taking = TakeChunkAsync(name, subject, limit, windowStart);
                    _takingChunk[name] = taking;
                }
            }
            if (!await taking.WaitAsync(ct))
            {
                return false;
            }
        }
    }

    private async Task<bool> TakeChunkAsync(string name, string subject, int limit, DateTimeOffset windowStart)
    {
        await Task.Yield();
        try
        {
            var chunk = Math.Clamp(limit / 30, 1, 20);
            if (await TryAcquireAllAsync([new RateLimit("chunks:" + subject, Math.Max(1, limit / chunk))], windowStart, CancellationToken.None) is not null)
            {
                return false;
            }
            _budgetLeft.AddOrUpdate(name, chunk, (_, left) => left + chunk);
            return true;
        }
        finally
        {
            lock (_takingChunk)
            {
                _takingChunk.Remove(name);
            }
        }
    }

    public async Task<RateLimit?> TryAcquireAllAsync(IReadOnlyList<RateLimit> limits, DateTimeOffset windowStart, CancellationToken ct)
    {
        var partition = WindowPrefix(windowStart);
        var keys = limits.Select(l => hash.Of("limit", l.Subject)).ToArray();
        if (_nextSlot.Count > MaxRemembered)
        {
            _nextSlot.Clear();
        }
        var slots = keys.Select(k => _nextSlot.GetValueOrDefault($"{partition}|{k}", 1)).ToArray();
        var counted = new bool[keys.Length];
        while (true)
        {
            if (Enumerable.Range(0, keys.Length).FirstOrDefault(i => slots[i] > limits[i].Limit, -1) is var full and >= 0)
            {
                Remember(partition, keys[full], slots[full]);
                return limits[full];
            }
            var rows = keys.Select((k, i) => new TableEntity(partition, RowKey(k, slots[i]))).ToArray();
            int taken;
            try
            {
                await InsertAsync(rows, ct);
                for (var i = 0; i < keys.Length; i++)
                {
                    Remember(partition, keys[i], slots[i] + 1);
                }
                return null;
            }
            catch (global::Azure.RequestFailedException ex) when (ex.Status == 409)
            {
                // Another instance (or a parallel hit) took that slot. Count its window once, then try the next free slot: every
            // conflict moves a slot on, so a hit ends by the limit at the latest.
                taken = rows.Length == 1 ? 0 : (ex as TableTransactionFailedException)?.FailedTransactionActionIndex ?? 0;
            }
            slots[taken] = counted[taken] ? slots[taken] + 1 : Math.Max(slots[taken] + 1, await CountAsync(partition, keys[taken], limits[taken].Limit, ct) + 1);
            counted[taken] = true;
        }
    }

    private async Task InsertAsync(TableEntity[] rows, CancellationToken ct)
    {
        if (rows.Length == 1)
        {
            await _table.AddEntityAsync(rows[0], ct);
            return;
        }
        await _table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), ct);
    }

    private void Remember(string partition, string key, int next) =>
        _nextSlot.AddOrUpdate($"{partition}|{key}", next, (_, known) => Math.Max(known, next));

    private static string RowKey(string key, int slot) => $"{key}|{slot.ToString("D6", CultureInfo.InvariantCulture)}";

    /// <summary>The slots taken in a subject's window, up to the limit: one page of at most <paramref name="limit"/> keys.</summary>
    private async Task<int> CountAsync(string partition, string key, int limit, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {key + "|"} and RowKey lt {key + "|~"}");
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, maxPerPage: limit, select: ["RowKey"], cancellationToken: ct)
            .AsPages(pageSizeHint: limit))
        {
            return page.Values.Count;
        }
        return 0;
    }

    /// <summary>The start of a window as its partition is named: they sort by time, so everything before a moment is one key range.</summary>
    public static string WindowPrefix(DateTimeOffset windowStart) => windowStart.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);
}
