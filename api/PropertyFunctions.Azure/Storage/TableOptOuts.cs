using System.Collections;
using Azure;
using Azure.Data.Tables;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Opt-outs by phone (table OptOuts, PartitionKey = E.164): RowKey "" is TD (everything but safety notices), one point read per
/// check; RowKey "fees", "notices" or "events" turns one kind of broadcast off (the owner's home page). An erased person's
/// TD is kept under a keyed hash of the number instead (PartitionKey "h:{hash}", docs/privacy.md), so the number is gone but
/// it is still never texted a broadcast: a check reads both keys.
/// </summary>
public sealed class TableOptOuts(StorageClients storage, PersonalHash hash) : IOptOuts
{
    private const string HashPrefix = "h:";
    private readonly TableClient _table = storage.Table("OptOuts");

    public static string HashedKey(PersonalHash hash, string phone) => HashPrefix + hash.Of("optout", phone);

    public async Task SetAsync(string phone, bool optedOut, DateTimeOffset at, CancellationToken ct)
    {
        if (optedOut)
        {
            await _table.UpsertEntityAsync(new TableEntity(phone, "") { ["At"] = at }, TableUpdateMode.Replace, ct);
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
        var plain = _table.GetEntityIfExistsAsync<TableEntity>(phone, "", ["At"], ct);
        var hashed = _table.GetEntityIfExistsAsync<TableEntity>(HashedKey(hash, phone), "", ["At"], ct);
        return (await plain).HasValue || (await hashed).HasValue;
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
