using System.Collections.Concurrent;
using System.Globalization;
using Azure.Data.Tables;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Fixed-window limits in Table Storage, so every scaled-out instance sees the same count. A window
/// "{subject}|{window}" has <c>limit</c> numbered slots, and a hit takes the next free one with an insert,
/// which only one writer can win: a parallel burst gets exactly <c>limit</c> hits through, never more. No row
/// is ever updated, so a burst does not collapse on one contended entity as a shared counter with ETags does.
/// <para>
/// A hit is one conditional write: the instance remembers the next slot it expects to be free in each window (slots
/// are only ever added, so what it saw taken stays taken) and inserts there at once. Only when another instance took
/// that slot (409) does it count the window with one query and carry on from there; and once it knows the window is
/// full it refuses without asking storage at all.
/// </para>
/// The PartitionKey is "{window start, yyyyMMddHHmm UTC}|{keyed hash of the subject (PersonalHash)}": no phone or address is stored, and the
/// daily retention run finds expired windows with one PartitionKey range query (<see cref="WindowPrefix"/>).
/// </summary>
public sealed class TableRateLimiter(StorageClients storage, PersonalHash hash) : IRateLimiter
{
    /// <summary>Windows remembered per instance; past this the memory is dropped (the next hits count once more).</summary>
    private const int MaxRemembered = 50_000;

    private readonly TableClient _table = storage.Table("RateLimits");
    private readonly ConcurrentDictionary<string, int> _nextSlot = new(StringComparer.Ordinal);

    public async Task<bool> TryAcquireAsync(string subject, int limit, DateTimeOffset windowStart, CancellationToken ct)
    {
        var partition = $"{WindowPrefix(windowStart)}|{hash.Of("limit", subject)}";
        if (_nextSlot.Count > MaxRemembered)
        {
            _nextSlot.Clear();
        }
        var slot = _nextSlot.GetValueOrDefault(partition, 1);
        var counted = false;
        while (slot <= limit)
        {
            try
            {
                await _table.AddEntityAsync(new TableEntity(partition, slot.ToString("D6", CultureInfo.InvariantCulture)), ct);
                Remember(partition, slot + 1);
                return true;
            }
            catch (global::Azure.RequestFailedException ex) when (ex.Status == 409)
            {
                // Another instance (or a parallel hit) took this slot. Count the window once, then try the next free slot.
                slot = counted ? slot + 1 : Math.Max(slot + 1, await CountAsync(partition, limit, ct) + 1);
                counted = true;
            }
        }
        Remember(partition, slot);
        return false;
    }

    private void Remember(string partition, int next) => _nextSlot.AddOrUpdate(partition, next, (_, known) => Math.Max(known, next));

    /// <summary>The slots taken in a window, up to the limit: one page of at most <paramref name="limit"/> keys.</summary>
    private async Task<int> CountAsync(string partition, int limit, CancellationToken ct)
    {
        await foreach (var page in _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, maxPerPage: limit, select: ["RowKey"], cancellationToken: ct)
            .AsPages(pageSizeHint: limit))
        {
            return page.Values.Count;
        }
        return 0;
    }

    /// <summary>The start of a window as its partitions begin: they sort by time, so everything before a moment is one key range.</summary>
    public static string WindowPrefix(DateTimeOffset windowStart) => windowStart.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);
}
