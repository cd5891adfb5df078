using Azure;
using Azure.Data.Tables;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Rows of the SMS log. An SMS logged beside its ticket (<see cref="OutgoingSms.WithTicket"/>) is a row of the Tickets table in the
/// ticket's partition: PartitionKey = the community, RowKey = "{ticket id}~sms|{key}", Type "S". It sorts after the ticket's history,
/// so the ticket, its history and its SMS are one range read, and a claim or an outcome can ride in the ticket's own transaction.
/// Every other SMS is a row of the SmsLog table: PartitionKey = its group, RowKey = its key.
/// </summary>
public static class SmsRows
{
    public const string Type = "S";
    private const string Marker = "~sms|";

    /// <summary>The filter for every SMS row of the Tickets table (a scan: retention and privacy requests only).</summary>
    public static string InTickets(string? also = null) => also is null ? $"Type eq '{Type}'" : $"Type eq '{Type}' and ({also})";

    public static string RowKey(string ticketId, string key) => ticketId + Marker + key;

    public static TableEntity ToEntity(SmsRecord r)
    {
        var entity = r.TicketCommunity is { } community ? new TableEntity(community, RowKey(r.Group, r.Key)) { ["Type"] = Type } : new TableEntity(r.Group, r.Key);
        entity["To"] = r.To;
        entity["Text"] = r.Text;
        entity["Purpose"] = r.Purpose;
        entity["Status"] = r.Status;
        entity["Attempts"] = r.Attempts;
        entity["FirstAttemptAt"] = r.FirstAttemptAt;
        entity["LastAttemptAt"] = r.LastAttemptAt;
        entity["ProviderMessageId"] = r.ProviderMessageId;
        entity["Error"] = r.Error;
        entity["Segments"] = r.Segments;
        if (r.ETag is { } etag)
        {
            entity.ETag = new ETag(etag);
        }
        return entity;
    }

    public static SmsRecord ToRecord(TableEntity e)
    {
        var (group, key, community) = e.GetString("Type") == Type && e.RowKey.IndexOf(Marker, StringComparison.Ordinal) is var at and > 0
            ? (e.RowKey[..at], e.RowKey[(at + Marker.Length)..], e.PartitionKey)
            : (e.PartitionKey, e.RowKey, (string?)null);
        return new SmsRecord(group, key, e.GetString("To"), e.GetString("Text"), e.GetString("Purpose"), e.GetString("Status"), e.GetInt32("Attempts") ?? 0,
            e.GetDateTimeOffset("FirstAttemptAt") ?? default, e.GetDateTimeOffset("LastAttemptAt") ?? default, e.GetString("ProviderMessageId"),
            e.GetString("Error"), e.GetInt32("Segments") ?? 0, e.ETag.ToString(), community);
    }

    /// <summary>The replace of a record under its ETag, as one action of a ticket partition's transaction.</summary>
    public static TableTransactionAction Replace(SmsRecord r) => new(TableTransactionActionType.UpdateReplace, ToEntity(r), new ETag(r.ETag!));

    /// <summary>
    /// Stores outcomes of SMS logged beside tickets: one transaction per partition, or, when one of its rows changed meanwhile (a delivery
    /// receipt, a sender that took over a stale claim), one by one, leaving the changed rows as the other writer made them.
    /// </summary>
    public static async Task RecordAllAsync(TableClient tickets, IEnumerable<SmsRecord> records, CancellationToken ct)
    {
        foreach (var partition in records.GroupBy(r => r.TicketCommunity!))
        {
            foreach (var chunk in partition.Chunk(TableBatches.MaxPerTransaction))
            {
                try
                {
                    await tickets.SubmitTransactionAsync(chunk.Select(Replace), ct);
                }
                catch (TableTransactionFailedException ex) when (ex.Status is 412 or 404)
                {
                    foreach (var record in chunk)
                    {
                        try
                        {
                            await tickets.UpdateEntityAsync(ToEntity(record), new ETag(record.ETag!), TableUpdateMode.Replace, ct);
                        }
                        catch (RequestFailedException one) when (one.Status is 412 or 404)
                        {
                            // Changed (or erased) by another writer: theirs stands.
                        }
                    }
                }
            }
        }
    }
}
