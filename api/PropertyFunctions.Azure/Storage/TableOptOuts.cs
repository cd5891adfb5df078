using System.Collections;
using Azure;
using Azure.Data.Tables;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Opt-outs by phone (table OptOuts). A TD (everything but safety notices) is two rows with RowKey "": one under the number
/// (PartitionKey = E.164), which lists it for broadcasts, and one under a keyed hash of the number (PartitionKey "h:{hash}"),
/// which is what a check reads: one point read. An erased person keeps only the hashed row (docs/privacy.md), so the number
/// is gone but is still never texted a broadcast. RowKey "fees", "notices" or "events" under the number turns one kind of
/// broadcast off (the owner's home page).
/// <para>
/// TDs stored before the hashed row was written for every one have the number's row alone: each process, before its first
/// check, gives every such row its hashed row (one scan of the small table's TD rows).
/// </para>
/// </summary>
public sealed class TableOptOuts(StorageClients storage, PersonalHash hash) : IOptOuts
{
    private const string HashPrefix = "h:";
    private readonly TableClient _table = storage.Table("OptOuts");

    public static string HashedKey(PersonalHash hash, string phone) => HashPrefix + hash.Of("optout", phone);

    private readonly object _backfillLock = new();
    private Task? _backfill;

    public async Task SetAsync(string phone, bool optedOut, DateTimeOffset at, CancellationToken ct)
    {
        if (optedOut)
        {
            await _table.UpsertEntityAsync(new TableEntity(phone, "") { ["At"] = at }, TableUpdateMode.Replace, ct);
            await _table.UpsertEntityAsync(new TableEntity(HashedKey(hash, phone), "") { ["At"] = at }, TableUpdateMode.Replace, ct);
        }
        else
        {
            // Opting in again (an erased person who texts back) clears the hashed opt-out too.
            await _table.DeleteEntityAsync(phone, "", ETag.All, ct);
            await _table.DeleteEntityAsync(HashedKey(hash, phone), "", ETag.All, ct);
        }
    }

    public async Task<IReadOnlySet<string>> AllAsync(CancellationToken ct)
    {
        var phones = new HashSet<string>(StringComparer.Ordinal);
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {""}"), select: ["PartitionKey"],
            maxPerPage: 1000, cancellationToken: ct))
        {
            (row.PartitionKey.StartsWith(HashPrefix, StringComparison.Ordinal) ? hashes : phones).Add(row.PartitionKey);
        }
        // Every listed number has its hashed row too; what is left are the erased people's.
        hashes.ExceptWith(phones.Select(p => HashedKey(hash, p)));
        return hashes.Count == 0 ? phones : new WithHashes(phones, hashes, phone => HashedKey(hash, phone));
    }

    public async Task SetTopicAsync(string phone, string topic, bool off, DateTimeOffset at, CancellationToken ct)
    {
        if (off)
        {
            await _table.UpsertEntityAsync(new TableEntity(phone, topic) { ["At"] = at }, TableUpdateMode.Replace, ct);
        }
        else
        {
            await _table.DeleteEntityAsync(phone, topic, cancellationToken: ct);
        }
    }

    public async Task<IReadOnlySet<string>> TopicsOffAsync(string phone, CancellationToken ct)
    {
        var topics = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {phone} and RowKey gt {""}"),
            select: ["RowKey"], cancellationToken: ct))
        {
            topics.Add(row.RowKey);
        }
        return topics;
    }

    public async Task<IReadOnlySet<string>> WithTopicOffAsync(string topic, CancellationToken ct)
    {
        var phones = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {topic}"), select: ["PartitionKey"],
            maxPerPage: 1000, cancellationToken: ct))
        {
            phones.Add(row.PartitionKey);
        }
        return phones;
    }

    public async Task<bool> IsOptedOutAsync(string phone, CancellationToken ct)
    {
        await BackfilledAsync().WaitAsync(ct);
        return (await _table.GetEntityIfExistsAsync<TableEntity>(HashedKey(hash, phone), "", ["At"], ct)).HasValue;
    }

    /// <summary>Once per process: every TD stored under the number alone gets its hashed row. A failure is tried again at the next check.</summary>
    private Task BackfilledAsync()
    {
        lock (_backfillLock)
        {
            if (_backfill is { IsFaulted: true } or { IsCanceled: true })
            {
                _backfill = null;
            }
            return _backfill ??= BackfillAsync();
        }
    }

    private async Task BackfillAsync()
    {
        var plain = new List<TableEntity>();
        var hashed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {""}"), select: ["PartitionKey", "At"], maxPerPage: 1000))
        {
            if (row.PartitionKey.StartsWith(HashPrefix, StringComparison.Ordinal))
            {
                hashed.Add(row.PartitionKey);
            }
            else
            {
                plain.Add(row);
            }
        }
        foreach (var row in plain.Where(r => !hashed.Contains(HashedKey(hash, r.PartitionKey))))
        {
            await _table.UpsertEntityAsync(new TableEntity(HashedKey(hash, row.PartitionKey), "") { ["At"] = row.GetDateTimeOffset("At") }, TableUpdateMode.Replace);
        }
    }

    /// <summary>The opted-out phones, where <see cref="Contains"/> also knows the hashed ones.</summary>
    private sealed class WithHashes(HashSet<string> phones, HashSet<string> hashes, Func<string, string> key) : IReadOnlySet<string>
    {
        public int Count => phones.Count + hashes.Count;
        public bool Contains(string item) => phones.Contains(item) || hashes.Contains(key(item));
        public IEnumerator<string> GetEnumerator() => phones.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        public bool IsProperSubsetOf(IEnumerable<string> other) => phones.IsProperSubsetOf(other);
        public bool IsProperSupersetOf(IEnumerable<string> other) => phones.IsProperSupersetOf(other);
        public bool IsSubsetOf(IEnumerable<string> other) => phones.IsSubsetOf(other);
        public bool IsSupersetOf(IEnumerable<string> other) => phones.IsSupersetOf(other);
        public bool Overlaps(IEnumerable<string> other) => other.Any(Contains);
        public bool SetEquals(IEnumerable<string> other) => phones.SetEquals(other);
    }
}
