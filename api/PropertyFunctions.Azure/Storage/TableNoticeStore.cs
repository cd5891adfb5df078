using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Notices;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Notices: table Notices, PartitionKey = community, RowKey = notice id; <c>VisibleUntil</c> lets the owners'
/// list filter out old notices inside the one partition query. Broadcast progress: table NoticeBroadcasts,
/// PartitionKey = "{community}~{notice id}", RowKey = "v{version:D3}" (the plan) and
/// "v{version:D3}~{building}~{skip:D6}" (one row per page), so a notice's figures are one partition query
/// and a redelivered page overwrites its own row instead of counting twice. The Notices partition also holds each SMS
/// broadcast's outbox row ("o~{id}~v{version}", written in the notice's batch, pending until the plan ran) and the request keys
/// of created notices ("k~{hash}").
/// </summary>
public sealed class TableNoticeStore(StorageClients storage) : INoticeStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TableClient _notices = storage.Table("Notices");
    private readonly TableClient _broadcasts = storage.Table("NoticeBroadcasts");

    public async Task<NoticeCreateResult> TryCreateAsync(Notice notice, NoticeOutbox? outbox, NoticeRequestKey? key, CancellationToken ct)
    {
        var batch = new List<TableTransactionAction> { new(TableTransactionActionType.Add, ToEntity(notice)) };
        if (outbox is not null)
        {
            batch.Add(new(TableTransactionActionType.Add, ToEntity(outbox)));
        }
        if (key is not null)
        {
            batch.Add(new(TableTransactionActionType.Add, new TableEntity(notice.Community, KeyRow(key.Key))
            {
                ["NoticeId"] = key.NoticeId,
                ["BodyHash"] = key.BodyHash,
            }));
        }
        try
        {
            var response = await _notices.SubmitTransactionAsync(batch, ct);
            return new NoticeCreateResult(await ETagOfAsync(response.Value[0], notice, ct));
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            // The id is taken, or the request key was used: the key row tells which.
            return new NoticeCreateResult(null, key is null ? null : await FindRequestKeyAsync(notice.Community, key.Key, ct));
        }
    }

    public async Task<NoticeRequestKey?> FindRequestKeyAsync(string community, string key, CancellationToken ct)
    {
        var row = await _notices.GetEntityIfExistsAsync<TableEntity>(community, KeyRow(key), cancellationToken: ct);
        return row.HasValue ? new NoticeRequestKey(key, row.Value!.GetString("NoticeId"), row.Value.GetString("BodyHash") ?? "") : null;
    }

    public async Task<Versioned<Notice>?> GetAsync(string community, string id, CancellationToken ct)
    {
        var row = await _notices.GetEntityIfExistsAsync<TableEntity>(community, id, cancellationToken: ct);
        return row.HasValue ? new Versioned<Notice>(ToNotice(row.Value!), row.Value!.ETag.ToString()) : null;
    }

    public async Task<string?> TryUpdateAsync(Versioned<Notice> current, Notice updated, NoticeOutbox? outbox, CancellationToken ct)
    {
        if (outbox is null)
        {
            try
            {
                var response = await _notices.UpdateEntityAsync(ToEntity(updated), new ETag(current.ETag), TableUpdateMode.Replace, ct);
                return response.Headers.ETag?.ToString();
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                return null;
            }
        }
        try
        {
            var response = await _notices.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(updated), new ETag(current.ETag)),
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(outbox)),
            ], ct);
            return await ETagOfAsync(response.Value[0], updated, ct);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 412)
        {
            return null;
        }
    }

    public async Task CompleteOutboxAsync(string community, string id, int version, DateTimeOffset at, CancellationToken ct)
    {
        try
        {
            await _notices.UpdateEntityAsync(new TableEntity(community, OutboxRow(id, version)) { ["Pending"] = false, ["DoneAt"] = at },
                ETag.All, TableUpdateMode.Merge, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // A version sent before outbox rows existed, or a plan queued by hand.
        }
    }

    public async IAsyncEnumerable<NoticeOutbox> PendingOutboxAsync(DateTimeOffset queuedBefore, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        // Across communities: only the sweep reads this. Done rows stay (Pending false) as the record of when a broadcast was planned.
        var filter = TableClient.CreateQueryFilter($"RowKey ge {"o~"} and RowKey lt {"o~~"} and Pending eq {true} and QueuedAt lt {queuedBefore}");
        await foreach (var row in _notices.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            yield return new NoticeOutbox(row.PartitionKey, row.GetString("NoticeId"), row.GetInt32("Version") ?? 1,
                row.GetDateTimeOffset("QueuedAt") ?? default, row.GetInt32("Sweeps") ?? 0);
        }
    }

    public Task RequeuedOutboxAsync(NoticeOutbox outbox, DateTimeOffset at, CancellationToken ct) =>
        _notices.UpdateEntityAsync(new TableEntity(outbox.Community, OutboxRow(outbox.NoticeId, outbox.Version))
        {
            ["QueuedAt"] = at,
            ["Sweeps"] = outbox.Sweeps + 1,
        }, ETag.All, TableUpdateMode.Merge, ct);

    /// <summary>A batch's answer carries each entity's ETag; read the notice back in the unlikely case it does not.</summary>
    private async Task<string?> ETagOfAsync(Response response, Notice notice, CancellationToken ct) =>
        response.Headers.ETag?.ToString() is { Length: > 0 } etag ? etag : (await GetAsync(notice.Community, notice.Id, ct))?.ETag;

    /// <summary>Outbox rows share the notice's partition (one batch with it) under "o~{id}~v{version}"; notice ids start with 'N'.</summary>
    private static string OutboxRow(string id, int version) => $"o~{id}~v{version:D3}";

    /// <summary>Request keys: "k~" + a hash of the client's key, which may hold characters a RowKey cannot.</summary>
    private static string KeyRow(string key) =>
        "k~" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..32];

    private static TableEntity ToEntity(NoticeOutbox o) => new(o.Community, OutboxRow(o.NoticeId, o.Version))
    {
        ["NoticeId"] = o.NoticeId,
        ["Version"] = o.Version,
        ["Pending"] = true,
        ["QueuedAt"] = o.QueuedAt,
        ["Sweeps"] = o.Sweeps,
    };

    /// <summary>Notices only: the partition also holds outbox ("o~") and request-key ("k~") rows.</summary>
    private const string NoticeRows = "RowKey ge 'N' and RowKey lt 'O'";

    public async Task<IReadOnlyList<Notice>> VisibleAsync(string community, DateTimeOffset now, CancellationToken ct)
    {
        var list = new List<Notice>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {community} and VisibleUntil gt {now}") + " and " + NoticeRows;
        await foreach (var row in _notices.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(ToNotice(row));
        }
        return list;
    }

    public async Task<IReadOnlyList<Notice>> RecentAsync(string community, int max, CancellationToken ct)
    {
        var list = new List<Notice>();
        await foreach (var row in _notices.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {community}") + " and " + NoticeRows, cancellationToken: ct))
        {
            list.Add(ToNotice(row));
        }
        return list.OrderByDescending(n => n.CreatedAt).Take(max).ToList();
    }

    public Task SetPlannedAsync(string community, string id, int version, int households, CancellationToken ct) =>
        _broadcasts.UpsertEntityAsync(new TableEntity(BroadcastPartition(community, id), $"v{version:D3}") { ["Households"] = households },
            TableUpdateMode.Replace, ct);

    public Task SetPageAsync(string community, string id, int version, BroadcastPage page, CancellationToken ct) =>
        _broadcasts.UpsertEntityAsync(new TableEntity(BroadcastPartition(community, id), $"v{version:D3}~{page.Building}~{page.Skip:D6}")
        {
            ["Building"] = page.Building,
            ["Skip"] = page.Skip,
            ["Queued"] = page.Queued,
            ["Skipped"] = page.Skipped,
        }, TableUpdateMode.Replace, ct);

    public async Task<IReadOnlyList<(int Version, int? Households, IReadOnlyList<BroadcastPage> Pages)>> BroadcastsAsync(string community, string id, CancellationToken ct)
    {
        var households = new Dictionary<int, int>();
        var pages = new Dictionary<int, List<BroadcastPage>>();
        await foreach (var row in _broadcasts.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {BroadcastPartition(community, id)}"), cancellationToken: ct))
        {
            var version = int.Parse(row.RowKey.AsSpan(1, 3), System.Globalization.CultureInfo.InvariantCulture);
            if (row.RowKey.Length == 4)
            {
                households[version] = row.GetInt32("Households") ?? 0;
            }
            else
            {
                (pages.TryGetValue(version, out var list) ? list : pages[version] = []).Add(new BroadcastPage(
                    row.GetString("Building"), row.GetInt32("Skip") ?? 0, row.GetInt32("Queued") ?? 0, row.GetInt32("Skipped") ?? 0));
            }
        }
        return households.Keys.Union(pages.Keys).Order()
            .Select(v => (v, households.TryGetValue(v, out var h) ? h : (int?)null,
                (IReadOnlyList<BroadcastPage>)(pages.TryGetValue(v, out var p) ? p : [])))
            .ToList();
    }

    private static string BroadcastPartition(string community, string id) => $"{community}~{id}";

    private static TableEntity ToEntity(Notice n) => new(n.Community, n.Id)
    {
        ["Type"] = n.Type,
        ["Title"] = n.Title,
        ["Body"] = n.Body,
        ["Buildings"] = JsonSerializer.Serialize(n.Buildings, Json),
        ["StartsAt"] = n.StartsAt,
        ["ExpectedEndAt"] = n.ExpectedEndAt,
        ["SendSms"] = n.SendSms,
        ["Status"] = n.Status,
        ["Version"] = n.Version,
        ["Updates"] = JsonSerializer.Serialize(n.Updates, Json),
        ["CreatedAt"] = n.CreatedAt,
        ["UpdatedAt"] = n.UpdatedAt,
        ["CreatedBy"] = n.CreatedBy,
        ["ResolvedAt"] = n.ResolvedAt,
        ["WithdrawnAt"] = n.WithdrawnAt,
        ["VisibleUntil"] = n.VisibleUntil,
    };

    private static Notice ToNotice(TableEntity e) => new()
    {
        Id = e.RowKey,
        Community = e.PartitionKey,
        Type = e.GetString("Type"),
        Title = e.GetString("Title"),
        Body = e.GetString("Body"),
        Buildings = JsonSerializer.Deserialize<List<string>>(e.GetString("Buildings") ?? "[]", Json) ?? [],
        StartsAt = e.GetDateTimeOffset("StartsAt") ?? default,
        ExpectedEndAt = e.GetDateTimeOffset("ExpectedEndAt"),
        SendSms = e.GetBoolean("SendSms") ?? false,
        Status = e.GetString("Status"),
        Version = e.GetInt32("Version") ?? 1,
        Updates = JsonSerializer.Deserialize<List<NoticeUpdate>>(e.GetString("Updates") ?? "[]", Json) ?? [],
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
        CreatedBy = e.GetString("CreatedBy") ?? "",
        ResolvedAt = e.GetDateTimeOffset("ResolvedAt"),
        WithdrawnAt = e.GetDateTimeOffset("WithdrawnAt"),
    };
}
