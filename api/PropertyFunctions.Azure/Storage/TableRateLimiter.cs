using System.Globalization;
using Azure.Data.Tables;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Fixed-window limits in Table Storage, so every scaled-out instance sees the same count. A window
/// "{subject}|{window}" has <c>limit</c> numbered slots, and a hit takes the next free one with an insert,
/// which only one writer can win: a parallel burst gets exactly <c>limit</c> hits through, never more. No row
/// is ever updated, so a burst does not collapse on one contended entity as a shared counter with ETags does;
/// a hit that loses a slot simply tries the next.
/// The PartitionKey is "{window start, yyyyMMddHHmm UTC}|{keyed hash of the subject (PersonalHash)}": no phone or address is stored, and the
/// daily retention run finds expired windows with one PartitionKey range query (<see cref="WindowPrefix"/>).
/// </summary>
public sealed class TableRateLimiter(StorageClients storage, PersonalHash hash) : IRateLimiter
{
    private readonly TableClient _table = storage.Table("RateLimits");

    public async Task<bool> TryAcquireAsync(string subject, int limit, DateTimeOffset windowStart, CancellationToken ct)
    {
        var partition = $"{WindowPrefix(windowStart)}|{hash.Of("limit", subject)}";
        var seen = 0;
        await foreach (var page in _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, maxPerPage: limit, select: ["RowKey"], cancellationToken: ct)
            .AsPages(pageSizeHint: limit))
        {
            seen += page.Values.Count;
            break; // one page of at most `limit` rows answers "is the limit reached?"
        }
        for (var slot = seen + 1; slot <= limit; slot++)
        {
            try
            {
                await _table.AddEntityAsync(new TableEntity(partition, slot.ToString("D6", CultureInfo.InvariantCulture)), ct);
                return true;
            }
            catch (global::Azure.RequestFailedException ex) when (ex.Status == 409)
            {
                // Someone took this slot between our count and our insert: try the next one.
            }
        }
        return false;
    }

    /// <summary>The start of a window as its partitions begin: they sort by time, so everything before a moment is one key range.</summary>
    public static string WindowPrefix(DateTimeOffset windowStart) => windowStart.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);

}
