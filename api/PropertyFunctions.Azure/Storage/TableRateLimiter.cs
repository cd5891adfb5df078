using System.Globalization;
using Azure.Data.Tables;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Fixed-window limits in Table Storage, so every scaled-out instance sees the same count. Each hit is its
/// own row in the partition "{subject}|{window}" and the count is a query of at most <c>limit</c> keys:
/// no row is ever updated, so concurrent submissions never contend on one entity (a shared counter with
/// ETags collapses under a burst from one address). Two racing hits may both pass at the limit's edge,
/// which a rate limit can afford.
/// </summary>
public sealed class TableRateLimiter(StorageClients storage) : IRateLimiter
{
    private readonly TableClient _table = storage.Table("RateLimits");

    public async Task<bool> TryAcquireAsync(string subject, int limit, DateTimeOffset windowStart, CancellationToken ct)
    {
        var partition = $"{Sanitize(subject)}|{windowStart.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}";
        var seen = 0;
        await foreach (var page in _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, maxPerPage: limit, select: ["RowKey"], cancellationToken: ct)
            .AsPages(pageSizeHint: limit))
        {
            seen += page.Values.Count;
            break; // one page of at most `limit` rows answers "is the limit reached?"
        }
        if (seen >= limit)
        {
            return false;
        }
        await _table.AddEntityAsync(new TableEntity(partition, Guid.NewGuid().ToString("N")), ct);
        return true;
    }

    /// <summary>Characters a PartitionKey may not hold (/ \ # ? and control characters) become '_'.</summary>
    private static string Sanitize(string subject) =>
        new(subject.Select(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c).ToArray());
}
