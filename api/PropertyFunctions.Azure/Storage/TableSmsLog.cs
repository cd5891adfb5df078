using Azure;
using Azure.Data.Tables;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// The SMS log: PartitionKey = the SMS's group (usually a ticket id), RowKey = purpose and hashed recipient.
/// One partition per ticket makes "the SMS of this ticket" a single-partition query.
/// </summary>
public sealed class TableSmsLog(StorageClients storage) : ISmsLog
{
    private readonly TableClient _table = storage.Table("SmsLog");

    public async Task<(SmsRecord Record, bool IsNew)> ClaimAsync(OutgoingSms sms, string text, DateTimeOffset now, CancellationToken ct)
    {
        var record = new SmsRecord(sms.Group, sms.Key, sms.To, text, sms.Purpose, SmsStatuses.Sending, 1, now, now, null, null,
            SmsSegments.Count(text).Segments);
        var entity = ToEntity(record);
        try
        {
            var response = await _table.AddEntityAsync(entity, ct);
            return (record with { ETag = response.Headers.ETag?.ToString() }, true);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = await _table.GetEntityAsync<TableEntity>(sms.Group, sms.Key, cancellationToken: ct);
            return (ToRecord(existing.Value), false);
        }
    }

    public async Task<SmsRecord> UpdateAsync(SmsRecord record, CancellationToken ct)
    {
        var response = await _table.UpdateEntityAsync(ToEntity(record), new ETag(record.ETag!), TableUpdateMode.Replace, ct);
        return record with { ETag = response.Headers.ETag?.ToString() };
    }

    public async Task<SmsRecord?> GetAsync(string group, string key, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(group, key, cancellationToken: ct);
        return row.HasValue ? ToRecord(row.Value!) : null;
    }

    public async Task<IReadOnlyList<SmsRecord>> ForGroupAsync(string group, CancellationToken ct)
    {
        var list = new List<SmsRecord>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == group, cancellationToken: ct))
        {
            list.Add(ToRecord(row));
        }
        return list.OrderBy(r => r.FirstAttemptAt).ToList();
    }

    public async Task<IReadOnlyList<SmsRecord>> RecentAsync(int max, CancellationToken ct)
    {
        var list = new List<SmsRecord>();
        await foreach (var row in _table.QueryAsync<TableEntity>(maxPerPage: 1000, cancellationToken: ct))
        {
            list.Add(ToRecord(row));
        }
        return list.OrderByDescending(r => r.FirstAttemptAt).Take(max).ToList();
    }

    private static TableEntity ToEntity(SmsRecord r) => new(r.Group, r.Key)
    {
        ["To"] = r.To,
        ["Text"] = r.Text,
        ["Purpose"] = r.Purpose,
        ["Status"] = r.Status,
        ["Attempts"] = r.Attempts,
        ["FirstAttemptAt"] = r.FirstAttemptAt,
        ["LastAttemptAt"] = r.LastAttemptAt,
        ["ProviderMessageId"] = r.ProviderMessageId,
        ["Error"] = r.Error,
        ["Segments"] = r.Segments,
    };

    private static SmsRecord ToRecord(TableEntity e) => new(e.PartitionKey, e.RowKey, e.GetString("To"), e.GetString("Text"),
        e.GetString("Purpose"), e.GetString("Status"), e.GetInt32("Attempts") ?? 0, e.GetDateTimeOffset("FirstAttemptAt") ?? default,
        e.GetDateTimeOffset("LastAttemptAt") ?? default, e.GetString("ProviderMessageId"), e.GetString("Error"), e.GetInt32("Segments") ?? 0,
        e.ETag.ToString());
}
