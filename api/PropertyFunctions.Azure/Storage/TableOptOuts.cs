using Azure.Data.Tables;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Azure.Storage;

/// <summary>Opt-outs by phone (table OptOuts, PartitionKey = E.164, RowKey ""): one point read per check.</summary>
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
        await foreach (var row in _table.QueryAsync<TableEntity>(select: ["PartitionKey"], maxPerPage: 1000, cancellationToken: ct))
        {
            phones.Add(row.PartitionKey);
        }
        return phones;
    }

    public async Task<bool> IsOptedOutAsync(string phone, CancellationToken ct) =>
        (await _table.GetEntityIfExistsAsync<TableEntity>(phone, "", ["At"], ct)).HasValue;
}
