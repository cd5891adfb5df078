using Azure;
using Azure.Data.Tables;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// The SMS log, in two places (<see cref="SmsRows"/>): beside their ticket in the Tickets table, or in the SmsLog table with
/// PartitionKey = the SMS's group (a notice, a fee unit, a ticket made before SMS moved beside tickets) and RowKey = its key.
/// </summary>
public sealed class TableSmsLog(StorageClients storage, ITicketStore tickets) : ISmsLog
{
    private readonly TableClient _log = storage.Table("SmsLog");
    private readonly TableClient _tickets = storage.Table("Tickets");

    public async Task<(SmsRecord Record, bool IsNew)> ClaimAsync(OutgoingSms sms, string text, DateTimeOffset now, CancellationToken ct)
    {
        var record = NewRecord(sms, text, now);
        var entity = SmsRows.ToEntity(record);
        var table = TableOf(record);
        try
        {
            var response = await table.AddEntityAsync(entity, ct);
            return (record with { ETag = response.Headers.ETag?.ToString() }, true);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = await table.GetEntityAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: ct);
            return (SmsRows.ToRecord(existing.Value), false);
        }
    }

    public async Task<IReadOnlyList<(SmsRecord Record, bool IsNew)>> ClaimAllAsync(IReadOnlyList<(OutgoingSms Sms, string Text)> sms, DateTimeOffset now,
        CancellationToken ct)
    {
        var records = sms.Select(s => NewRecord(s.Sms, s.Text, now)).ToList();
        if (records.Count > 1 && records.Count <= TableBatches.MaxPerTransaction && records[0].TicketCommunity is { } community
            && records.All(r => r.TicketCommunity == community) && records.DistinctBy(r => (r.Group, r.Key)).Count() == records.Count)
        {
            try
            {
                var responses = await _tickets.SubmitTransactionAsync(records.Select(r => new TableTransactionAction(TableTransactionActionType.Add, SmsRows.ToEntity(r))), ct);
                return records.Select((r, i) => (r with { ETag = responses.Value[i].Headers.ETag?.ToString() }, true)).ToList();
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409)
            {
                // One of them was claimed before (a redelivery): claim them one by one, which reads what is there.
            }
        }
        var claimed = new List<(SmsRecord, bool)>();
        foreach (var (one, text) in sms)
        {
            claimed.Add(await ClaimAsync(one, text, now, ct));
        }
        return claimed;
    }

    public async Task<SmsRecord> UpdateAsync(SmsRecord record, CancellationToken ct)
    {
        var response = await TableOf(record).UpdateEntityAsync(SmsRows.ToEntity(record), new ETag(record.ETag!), TableUpdateMode.Replace, ct);
        return record with { ETag = response.Headers.ETag?.ToString() };
    }

    public async Task RecordAllAsync(IReadOnlyList<SmsRecord> records, CancellationToken ct)
    {
        await SmsRows.RecordAllAsync(_tickets, records.Where(r => r.TicketCommunity is not null), ct);
        foreach (var record in records.Where(r => r.TicketCommunity is null))
        {
            try
            {
                await UpdateAsync(record, ct);
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404)
            {
                // Changed (or erased) by another writer: theirs stands.
            }
        }
    }

    /// <summary>A delivery receipt's lookup: the SmsLog table first, then beside the ticket the group names.</summary>
    public async Task<SmsRecord?> GetAsync(string group, string key, CancellationToken ct)
    {
        var row = await _log.GetEntityIfExistsAsync<TableEntity>(group, key, cancellationToken: ct);
        if (row.HasValue)
        {
            return SmsRows.ToRecord(row.Value!);
        }
        if (await CommunityOfTicketAsync(group, ct) is not { } community)
        {
            return null;
        }
        var beside = await _tickets.GetEntityIfExistsAsync<TableEntity>(community, SmsRows.RowKey(group, key), cancellationToken: ct);
        return beside.HasValue ? SmsRows.ToRecord(beside.Value!) : null;
    }

    public async Task<IReadOnlyList<SmsRecord>> ForGroupAsync(string group, CancellationToken ct)
    {
        var list = new List<SmsRecord>();
        await foreach (var row in _log.QueryAsync<TableEntity>(e => e.PartitionKey == group, cancellationToken: ct))
        {
            list.Add(SmsRows.ToRecord(row));
        }
        if (await CommunityOfTicketAsync(group, ct) is { } community)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {community} and RowKey ge {SmsRows.RowKey(group, "")} and RowKey lt {SmsRows.RowKey(group, "~")}");
            await foreach (var row in _tickets.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            {
                list.Add(SmsRows.ToRecord(row));
            }
        }
        return list.OrderBy(r => r.FirstAttemptAt).ToList();
    }

    public async Task<IReadOnlyList<SmsRecord>> RecentAsync(int max, CancellationToken ct)
    {
        var list = new List<SmsRecord>();
        await foreach (var row in _log.QueryAsync<TableEntity>(maxPerPage: 1000, cancellationToken: ct))
        {
            list.Add(SmsRows.ToRecord(row));
        }
        await foreach (var row in _tickets.QueryAsync<TableEntity>(SmsRows.InTickets(), maxPerPage: 1000, cancellationToken: ct))
        {
            list.Add(SmsRows.ToRecord(row));
        }
        return list.OrderByDescending(r => r.FirstAttemptAt).Take(max).ToList();
    }

    private TableClient TableOf(SmsRecord record) => record.TicketCommunity is null ? _log : _tickets;

    private static SmsRecord NewRecord(OutgoingSms sms, string text, DateTimeOffset now) =>
        new(sms.Group, sms.Key, sms.To, text, sms.Purpose, SmsStatuses.Sending, 1, now, now, null, null, SmsSegments.Count(text).Segments,
            TicketCommunity: sms.WithTicket ? sms.Community : null);

    private async Task<string?> CommunityOfTicketAsync(string group, CancellationToken ct) =>
        TicketId.TryNormalize(group, out var id) && id == group ? await tickets.FindCommunityAsync(id, ct) : null;
}
