using Azure.Data.Tables;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Opt-outs by phone (table OptOuts, PartitionKey = E.164): RowKey "" is TD (everything but safety notices), one point read per
/// check; RowKey "fees", "notices" or "events" turns one kind of broadcast off (the owner's home page).
/// </summary>
public sealed class TableOptOuts(StorageClients storage) : IOptOuts
{
    private readonly TableClient _table = storage.Table("OptOuts");

    public async Task SetAsync(string phone, bool optedOut, DateTimeOffset at, CancellationToken ct)
    {
        if (optedOut)
        {
            await _table.UpsertEntityAsync(new TableEntity(phone, "") { ["At"] = at }, TableUpdateMode.Replace, ct);
        }
        else
        {
            await _table.DeleteEntityAsync(phone, "", cancellationToken: ct);
        }
    }

    public async Task<IReadOnlySet<string>> AllAsync(CancellationToken ct)
    {
        var phones = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {""}"), select: ["PartitionKey"],
            maxPerPage: 1000, cancellationToken: ct))
        {
            phones.Add(row.PartitionKey);
        }
        return phones;
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

    public async Task<bool> IsOptedOutAsync(string phone, CancellationToken ct) =>
        (await _table.GetEntityIfExistsAsync<TableEntity>(phone, "", ["At"], ct)).HasValue;
}
