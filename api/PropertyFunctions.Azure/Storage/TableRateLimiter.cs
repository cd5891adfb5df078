using System.Globalization;
using Azure;
using Azure.Data.Tables;
using PropertyFunctions.Core.Ports;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Fixed-window counters in Table Storage, so every scaled-out instance sees the same count.
/// One row per subject and window; increments are optimistic (ETag) and retried on conflict.
/// </summary>
public sealed class TableRateLimiter(StorageClients storage) : IRateLimiter
{
    private const int Attempts = 10;
    private readonly TableClient _table = storage.Table("RateLimits");

    public async Task<bool> TryAcquireAsync(string subject, int limit, DateTimeOffset windowStart, CancellationToken ct)
    {
        var partition = Sanitize(subject);
        var row = windowStart.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: ct);
            try
            {
                if (!existing.HasValue)
                {
                    await _table.AddEntityAsync(new TableEntity(partition, row) { ["Count"] = 1 }, ct);
                    return true;
                }
                var entity = existing.Value!;
                var count = entity.GetInt32("Count") ?? 0;
                if (count >= limit)
                {
                    return false;
                }
                entity["Count"] = count + 1;
                await _table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, ct);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another instance counted at the same moment; read again.
            }
        }
        // Under extreme contention, let the request through rather than refuse a real owner.
        return true;
    }

    /// <summary>Characters a PartitionKey may not hold (/ \ # ? and control characters) become '_'.</summary>
    private static string Sanitize(string subject) =>
        new(subject.Select(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c).ToArray());
}
