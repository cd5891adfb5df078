using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Privacy;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Retention and PIPL requests over the tables (docs/privacy.md). How each age query is found:
/// <list type="bullet">
/// <item>Tickets: a RowKey range per community partition (ids start with the date), so only tickets older than the records period are read.</item>
/// <item>RateLimits: a PartitionKey range (keys start with the window's time).</item>
/// <item>SmsLog (keyed by ticket), Idempotency (keyed by a hash) and Links (keyed by code) cannot be ordered by age: a scan
///   with a server-side filter on a time column, returning only keys. Retention keeps them small (2 days of idempotency
///   answers, 180 days of SMS), so the nightly scan reads a bounded table.</item>
/// </list>
/// </summary>
public sealed class TablePrivacyStore(StorageClients storage, PersonalHash hash) : IRetentionStore, IPersonalDataStore, IPrivacyAudit
{
    private readonly TableClient _sms = storage.Table("SmsLog");
    private readonly TableClient _limits = storage.Table("RateLimits");
    private readonly TableClient _idempotency = storage.Table("Idempotency");
    private readonly TableClient _events = storage.Table("Events");
    private readonly TableClient _tickets = storage.Table("Tickets");
    private readonly TableClient _ratings = storage.Table("RatingIndex");
    private readonly TableClient _links = storage.Table("Links");
    private readonly TableClient _owners = storage.Table("Owners");
    private readonly TableClient _optOuts = storage.Table("OptOuts");
    private readonly TableClient _audit = storage.Table("PrivacyAudit");
    private readonly global::Azure.Storage.Blobs.BlobContainerClient _photos = storage.Container(StorageNames.PhotosContainer);

    /// <summary>Both places of the SMS log (<see cref="SmsRows"/>): the SmsLog table, and the SMS rows beside tickets.</summary>
    public async Task<int> DeleteSmsLogBeforeAsync(DateTimeOffset cutoff, CancellationToken ct) =>
        await TableBatches.DeleteWhereAsync(_sms, TableClient.CreateQueryFilter($"FirstAttemptAt lt {cutoff}"), ct)
        + await TableBatches.DeleteWhereAsync(_tickets, SmsRows.InTickets(TableClient.CreateQueryFilter($"FirstAttemptAt lt {cutoff}")), ct);

    public async Task<int> DeleteRateLimitsBeforeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var deleted = await TableBatches.DeleteWhereAsync(_limits, TableClient.CreateQueryFilter($"PartitionKey lt {TableRateLimiter.WindowPrefix(cutoff)}"), ct);
        // Windows written before keys started with the time ("phone:+86…|2026…"): letters sort above digits.
        return deleted + await TableBatches.DeleteWhereAsync(_limits, TableClient.CreateQueryFilter($"PartitionKey ge {"a"} and Timestamp lt {cutoff}"), ct);
    }

    /// <summary>Idempotency-Key claims (rows of the Tickets partitions, <see cref="TableTicketStore.ClaimPrefix"/>) made before the cutoff, and the
    /// rows of the Idempotency table that held them before.</summary>
    public async Task<int> DeleteIdempotencyBeforeAsync(DateTimeOffset cutoff, CancellationToken ct) =>
        await TableBatches.DeleteWhereAsync(_tickets, TableClient.CreateQueryFilter(
            $"RowKey ge {TableTicketStore.ClaimPrefix} and RowKey lt {TableTicketStore.ClaimPrefix + "~"} and CreatedAt lt {cutoff}"), ct)
        + await TableBatches.DeleteWhereAsync(_idempotency, TableClient.CreateQueryFilter($"CreatedAt lt {cutoff}"), ct);

    public async Task<int> DeleteSignupsOfEventsEndedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var deleted = 0;
        var ended = TableClient.CreateQueryFilter($"RowKey ge {"E~"} and RowKey lt {"E~~"} and EndsAt lt {cutoff}");
        await foreach (var ev in _events.QueryAsync<TableEntity>(ended, select: ["PartitionKey", "RowKey", "Id"], cancellationToken: ct))
        {
            var id = ev.GetString("Id") ?? ev.RowKey[2..];
            deleted += await TableBatches.DeleteWhereAsync(_events,
                TableClient.CreateQueryFilter($"PartitionKey eq {ev.PartitionKey} and RowKey ge {$"S~{id}~"} and RowKey lt {$"S~{id}~~"}"), ct);
        }
        return deleted;
    }

    public async IAsyncEnumerable<Versioned<Ticket>> UnanonymisedTicketsCreatedBeforeAsync(string community, DateTimeOffset cutoff,
        [EnumeratorCancellation] CancellationToken ct)
    {
        // Ids start with the creation date (yyMMdd, local time): one day of slack covers any time zone; the caller checks the times.
        var below = cutoff.UtcDateTime.AddDays(1).ToString("yyMMdd", CultureInfo.InvariantCulture);
        // An anonymised ticket has no phone, name or description: the filter skips it without reading it.
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {community} and RowKey lt {below} and Type eq {TicketEntity.TicketType} and (Phone ne {""} or Name ne {""} or Description ne {""})");
        await foreach (var row in _tickets.QueryAsync<TicketEntity>(filter, maxPerPage: 500, cancellationToken: ct))
        {
            yield return new Versioned<Ticket>(row.ToTicket(), row.ETag.ToString());
        }
    }

    public async IAsyncEnumerable<ShortLink> LinksWrittenBeforeAsync(DateTimeOffset cutoff, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var e in _links.QueryAsync<TableEntity>(
            // Links written before WrittenAt existed: by the time storage last wrote them.
            TableClient.CreateQueryFilter($"WrittenAt lt {cutoff} or Timestamp lt {cutoff}"), maxPerPage: 1000, cancellationToken: ct))
        {
            if (!e.PartitionKey.StartsWith("p:", StringComparison.Ordinal) && e.GetString("TicketId") is { } ticketId && e.GetString("Community") is { } community)
            {
                yield return new ShortLink(e.PartitionKey, e.GetString("Kind") ?? "", community, ticketId, e.GetString("Phone"), e.GetInt32("Dispatch"));
            }
        }
    }

    public async Task DeleteLinkAsync(string code, CancellationToken ct) => await _links.DeleteEntityAsync(code, "", ETag.All, ct);

    public async Task<int> ScrubTicketAsync(Ticket ticket, string trackingCode, CancellationToken ct)
    {
        var scrubbed = 0;
        // History notes: staff notes quote the owner. Merged empty, in transactions of the ticket's partition.
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {ticket.Community} and RowKey gt {ticket.Id} and RowKey le {ticket.Id + "~9999"} and Note ne {""}");
        var notes = new List<TableTransactionAction>();
        await foreach (var row in _tickets.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: ct))
        {
            notes.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(row.PartitionKey, row.RowKey) { ["Note"] = "" }, ETag.All));
        }
        foreach (var chunk in notes.Chunk(TableBatches.MaxPerTransaction))
        {
            await _tickets.SubmitTransactionAsync(chunk, ct);
            scrubbed += chunk.Length;
        }
        if (ticket.Phone.Length > 0)
        {
            scrubbed += await TableBatches.DeleteAsync(_ratings, [(ticket.Phone, ticket.Id)], ct) > 0 ? 1 : 0;
        }
        using (var link = await _links.DeleteEntityAsync(trackingCode, "", ETag.All, ct))
        {
            scrubbed += link.Status == 404 ? 0 : 1;
        }
        // Every photo under the ticket's folder, attached or not (an upload link may have been used and never confirmed).
        await foreach (var blob in _photos.GetBlobsAsync(global::Azure.Storage.Blobs.Models.BlobTraits.None, global::Azure.Storage.Blobs.Models.BlobStates.None, ticket.Id + "/", ct))
        {
            // Another run (or an erasure) may delete it first.
            scrubbed += (await _photos.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: ct)).Value ? 1 : 0;
        }
        return scrubbed;
    }

    public async Task<IReadOnlyList<PersonalRow>> FindAsync(string phone, CancellationToken ct)
    {
        var rows = new List<PersonalRow>();
        async Task AddAsync(TableClient table, string label, string? filter)
        {
            await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
            {
                rows.Add(new PersonalRow(label, e.PartitionKey + "/" + e.RowKey,
                    e.Where(p => p.Key is not ("odata.etag" or "PartitionKey" or "RowKey" or "Timestamp")).ToDictionary(p => p.Key, p => (object?)p.Value)));
            }
        }
        // Residents and SMS are found by a filtered scan (neither is keyed by phone); the others by their keys.
        await AddAsync(_owners, "Owners", TableClient.CreateQueryFilter($"Phone eq {phone}"));
        await AddAsync(_sms, "SmsLog", TableClient.CreateQueryFilter($"To eq {phone}"));
        await AddAsync(_tickets, "SmsLog", SmsRows.InTickets(TableClient.CreateQueryFilter($"To eq {phone}")));
        await AddAsync(_events, "Events", TableClient.CreateQueryFilter($"RowKey ge {"S~"} and RowKey lt {"S~~"} and Phone eq {phone}"));
        await AddAsync(_ratings, "RatingIndex", TableClient.CreateQueryFilter($"PartitionKey eq {phone}"));
        await AddAsync(_links, "Links", TableClient.CreateQueryFilter($"PartitionKey eq {"p:" + phone}"));
        await AddAsync(_optOuts, "OptOuts", TableClient.CreateQueryFilter($"PartitionKey eq {phone} or PartitionKey eq {TableOptOuts.HashedKey(hash, phone)}"));
        return rows;
    }

    public async Task<IReadOnlyDictionary<string, int>> EraseAsync(string phone, CancellationToken ct)
    {
        var counts = new Dictionary<string, int>
        {
            ["Owners"] = await TableBatches.DeleteWhereAsync(_owners, TableClient.CreateQueryFilter($"Phone eq {phone}"), ct),
            ["SmsLog"] = await TableBatches.DeleteWhereAsync(_sms, TableClient.CreateQueryFilter($"To eq {phone}"), ct)
                + await TableBatches.DeleteWhereAsync(_tickets, SmsRows.InTickets(TableClient.CreateQueryFilter($"To eq {phone}")), ct),
            ["RatingIndex"] = await TableBatches.DeleteWhereAsync(_ratings, TableClient.CreateQueryFilter($"PartitionKey eq {phone}"), ct),
            ["Links"] = await TableBatches.DeleteWhereAsync(_links, TableClient.CreateQueryFilter($"PartitionKey eq {"p:" + phone}"), ct),
            ["Events"] = await AnonymiseSignupsAsync(phone, ct),
        };
        return counts;
    }

    /// <summary>
    /// A sign-up keeps its place (the event's counts and waiting list stay right) under a hashed key, without name, phone or room;
    /// insert and delete in one transaction of the event's partition, so it is never both or neither.
    /// </summary>
    private async Task<int> AnonymiseSignupsAsync(string phone, CancellationToken ct)
    {
        var count = 0;
        var filter = TableClient.CreateQueryFilter($"RowKey ge {"S~"} and RowKey lt {"S~~"} and Phone eq {phone}");
        await foreach (var row in _events.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var eventId = row.GetString("EventId") ?? "";
            var replacement = new TableEntity(row.PartitionKey, $"S~{eventId}~h:{hash.Of("signup", phone)}");
            foreach (var (key, value) in row.Where(p => p.Key is not ("odata.etag" or "PartitionKey" or "RowKey" or "Timestamp")))
            {
                replacement[key] = value;
            }
            replacement["Phone"] = "";
            replacement["Name"] = "";
            replacement["Room"] = "";
            await _events.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, replacement),
                new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(row.PartitionKey, row.RowKey), ETag.All),
            ], ct);
            count++;
        }
        return count;
    }

    public async Task<bool> KeepOptOutHashedAsync(string phone, DateTimeOffset at, CancellationToken ct)
    {
        await _optOuts.UpsertEntityAsync(new TableEntity(TableOptOuts.HashedKey(hash, phone), "") { ["At"] = at, ["Erased"] = true }, TableUpdateMode.Replace, ct);
        // The TD row and any per-topic rows of the owner's home ("fees", "notices", "events") hold the number in their key.
        await foreach (var row in _optOuts.QueryAsync<TableEntity>(e => e.PartitionKey == phone, select: ["RowKey"], cancellationToken: ct))
        {
            await _optOuts.DeleteEntityAsync(phone, row.RowKey, ETag.All, ct);
        }
        return true;
    }

    /// <summary>PartitionKey = month (yyyyMM), RowKey = time and a random suffix: a month's audit is one partition.</summary>
    public async Task RecordAsync(PrivacyAuditEntry entry, CancellationToken ct) =>
        await _audit.AddEntityAsync(new TableEntity(entry.At.UtcDateTime.ToString("yyyyMM", CultureInfo.InvariantCulture),
            entry.At.UtcDateTime.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8])
        {
            ["Action"] = entry.Action,
            ["At"] = entry.At,
            ["Actor"] = entry.Actor,
            ["PhoneHash"] = entry.PhoneHash,
            ["Counts"] = JsonSerializer.Serialize(entry.Counts),
        }, ct);
}
