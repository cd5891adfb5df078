using Azure;
using Azure.Data.Tables;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Deletes in entity-group transactions: rows grouped by partition, at most 100 a transaction. A row already gone (another
/// run, an erasure) fails its transaction with 404; that group is then deleted row by row, ignoring what is gone, so a
/// delete can always be repeated.
/// </summary>
internal static class TableBatches
{
    public const int MaxPerTransaction = 100;

    public static async Task<int> DeleteAsync(TableClient table, IEnumerable<(string PartitionKey, string RowKey)> keys, CancellationToken ct)
    {
        var deleted = 0;
        foreach (var partition in keys.GroupBy(k => k.PartitionKey))
        {
            foreach (var chunk in partition.Select(k => k.RowKey).Distinct().Chunk(MaxPerTransaction))
            {
                try
                {
                    await table.SubmitTransactionAsync(chunk.Select(rk =>
                        new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition.Key, rk), ETag.All)), ct);
                    deleted += chunk.Length;
                }
                catch (TableTransactionFailedException ex) when (ex.Status == 404)
                {
                    foreach (var rk in chunk)
                    {
                        using var response = await table.DeleteEntityAsync(partition.Key, rk, ETag.All, ct);
                        deleted += response.Status == 404 ? 0 : 1;
                    }
                }
            }
        }
        return deleted;
    }

    /// <summary>Deletes every row <paramref name="filter"/> selects, a page (of at most 1,000 keys) at a time.</summary>
    public static async Task<int> DeleteWhereAsync(TableClient table, string? filter, CancellationToken ct, Func<TableEntity, bool>? also = null)
    {
        var deleted = 0;
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey", "RowKey"], cancellationToken: ct).AsPages())
        {
            deleted += await DeleteAsync(table, page.Values.Where(e => also?.Invoke(e) ?? true).Select(e => (e.PartitionKey, e.RowKey)), ct);
        }
        return deleted;
    }
}
