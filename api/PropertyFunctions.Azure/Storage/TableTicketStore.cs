using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Reports;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Tickets in Table Storage (layout in <see cref="TicketEntity"/>). A submission's Idempotency-Key claim is a row of the
/// ticket's own partition (RowKey "~claim|{SHA-256 of the key}", sorting after every ticket id), so the claim, the ticket
/// and its first history entry are one entity-group transaction.
/// <para>
/// A second table, TicketIds, maps ids to communities by block (PartitionKey = the block, "yyMMdd-" and three characters,
/// <see cref="TicketId.NewBlock"/>): an instance reserves a block of 32 ids for a community with one insert, which only one
/// can win, and hands them out from memory (a busy instance reserves the next block before the last runs out). Ids cannot
/// collide across communities, and the owner's lookup by id is one point read. Ids made before blocks have a row of their
/// own (PartitionKey = the id); a block over such an id is never used.
/// </para>
/// </summary>
public sealed class TableTicketStore(StorageClients storage, TimeProvider time) : ITicketStore, IReportSource
{
    public const string ClaimPrefix = "~claim|";
    private const int IdBlockAttempts = 8;

    /// <summary>
    /// A pool that handed out <see cref="BusyIds"/> ids within <see cref="BusyTime"/> of its last block is busy (a morning
    /// rush; a closed-loop benchmark's 50 submissions at once drain a block of 32 in one go): while it holds
    /// <see cref="IdsAhead"/> ids or fewer it reserves the next block, instead of making every submission that finds it empty
    /// wait for the two storage requests of a reservation. A quiet pool reserves on empty, so it holds no block it may not use.
    /// </summary>
    private const int BusyIds = 16;
    private static readonly TimeSpan BusyTime = TimeSpan.FromSeconds(10);
    private const int IdsAhead = 32;

    private readonly TableClient _tickets = storage.Table("Tickets");
    private readonly TableClient _ids = storage.Table("TicketIds");
    private readonly TableClient _ratings = storage.Table("RatingIndex");
    private const int CommunityCacheSize = 100_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _communities = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Community, string Day), IdPool> _idPools = new();

    public async Task<string> NewIdAsync(string community, string day, CancellationToken ct)
    {
        if (!_idPools.TryGetValue((community, day), out var pool))
        {
            // A new day: the pools of earlier days are never drawn from again.
            foreach (var old in _idPools.Keys.Where(k => k.Day != day))
            {
                _idPools.TryRemove(old, out _);
            }
            pool = _idPools.GetOrAdd((community, day), _ => new IdPool());
        }
        while (true)
        {
            Task refill;
            lock (pool)
            {
                if (pool.Free.TryDequeue(out var id))
                {
                    pool.HandedOut++;
                    if (pool.Free.Count <= IdsAhead && pool.Refill is null && pool.HandedOut >= BusyIds && pool.FilledAt is { } filled
                        && time.GetElapsedTime(filled) < BusyTime)
                    {
                        // Busy: reserve the next block before this one runs out, so no submission waits for it.
                        pool.Refill = RefillAsync(pool, community, day);
                        pool.Refill.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    }
                    return id;
                }
                // One reservation at a time per pool; everyone waiting shares it (it is not cancelled with one caller).
                refill = pool.Refill ??= RefillAsync(pool, community, day);
            }
            await refill.WaitAsync(ct);
        }
    }

    /// <summary>How many ids this instance holds for a community and day (a test's view of a reservation that ran ahead).</summary>
    internal int IdsOnHand(string community, string day)
    {
        if (!_idPools.TryGetValue((community, day), out var pool))
        {
            return 0;
        }
        lock (pool)
        {
            return pool.Free.Count;
        }
    }

    private async Task RefillAsync(IdPool pool, string community, string day)
    {
        await Task.Yield(); // the caller stores this task in the pool before it can finish
        try
        {
            var ids = await ReserveBlockAsync(community, day, CancellationToken.None);
            lock (pool)
            {
                foreach (var id in ids)
                {
                    pool.Free.Enqueue(id);
                }
                pool.FilledAt = time.GetTimestamp();
                pool.HandedOut = 0;
            }
        }
        finally
        {
            lock (pool)
            {
                pool.Refill = null;
            }
        }
    }

    /// <summary>The ids an instance holds for one community and day, the block reservation under way, if any, and when the
    /// last block came (to tell a busy pool).</summary>
    private sealed class IdPool
    {
        public Queue<string> Free { get; } = new();
        public Task? Refill { get; set; }
        public long? FilledAt { get; set; }
        public int HandedOut { get; set; }
    }

    private async Task<string[]> ReserveBlockAsync(string community, string day, CancellationToken ct)
    {
        for (var attempt = 0; attempt < IdBlockAttempts; attempt++)
        {
            var block = TicketId.NewBlock(day);
            try
            {
                await _ids.AddEntityAsync(new TableEntity(block, "") { ["Community"] = community }, ct);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                continue;
            }
            // An id made before blocks (its own row) inside this block's range would be found as the block's: give the block up.
            var legacy = TableClient.CreateQueryFilter($"PartitionKey gt {block} and PartitionKey lt {block + "~"}");
            if (await _ids.QueryAsync<TableEntity>(legacy, maxPerPage: 1, select: ["PartitionKey"], cancellationToken: ct).AnyAsync(ct))
            {
                continue;
            }
            RememberCommunity(block, community);
            return TicketId.IdsOf(block);
        }
        throw new InvalidOperationException($"No free block of ticket ids after {IdBlockAttempts} attempts.");
    }

    public async Task<Versioned<Ticket>?> TryCreateAsync(Ticket ticket, HistoryEntry first, SubmissionClaim? claim, CancellationToken ct)
    {
        var batch = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, TicketEntity.From(ticket)),
            new(TableTransactionActionType.Add, HistoryEntity.Create(ticket.Community, ticket.Id, first)),
        };
        if (claim is not null)
        {
            batch.Add(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(ticket.Community, ClaimRowKey(claim.Key))
            {
                ["Type"] = "C",
                ["BodyHash"] = claim.BodyHash,
                ["TicketId"] = claim.TicketId,
                ["Answer"] = claim.Answer,
                ["CreatedAt"] = claim.CreatedAt,
            }));
        }
        try
        {
            var responses = await _tickets.SubmitTransactionAsync(batch, ct);
            return new Versioned<Ticket>(ticket, responses.Value[0].Headers.ETag?.ToString() ?? "");
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409 && claim is not null && ex.FailedTransactionActionIndex is null or 2)
        {
            // The key is claimed by an earlier attempt of the same submission (ids are never handed out twice).
            return null;
        }
    }

    public async Task<SubmissionClaim?> GetClaimAsync(string community, string key, CancellationToken ct)
    {
        var row = await _tickets.GetEntityIfExistsAsync<TableEntity>(community, ClaimRowKey(key), cancellationToken: ct);
        return row.HasValue
            ? new SubmissionClaim(key, row.Value!.GetString("BodyHash"), row.Value.GetString("TicketId"), community, row.Value.GetString("Answer"),
                row.Value.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue)
            : null;
    }

    public async Task DeleteNewAsync(Versioned<Ticket> ticket, SubmissionClaim? claim, CancellationToken ct)
    {
        var t = ticket.Value;
        var batch = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Delete, new TableEntity(t.Community, t.Id), new ETag(ticket.ETag)),
            new(TableTransactionActionType.Delete, new TableEntity(t.Community, HistoryEntity.Key(t.Id, 1)), ETag.All),
        };
        if (claim is not null)
        {
            batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(t.Community, ClaimRowKey(claim.Key)), ETag.All));
        }
        await _tickets.SubmitTransactionAsync(batch, ct);
    }

    private static string ClaimRowKey(string key) => ClaimPrefix + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));

    public async Task<string?> FindCommunityAsync(string id, CancellationToken ct)
    {
        // A ticket never changes community, so a hit can be remembered for the life of the process.
        var block = id.Length > TicketId.BlockLength ? id[..TicketId.BlockLength] : id;
        if (_communities.TryGetValue(block, out var known) || _communities.TryGetValue(id, out known))
        {
            return known;
        }
        var community = await CommunityOfRowAsync(block, ct);
        var key = block;
        if (community is null && block != id)
        {
            (community, key) = (await CommunityOfRowAsync(id, ct), id);
        }
        if (community is not null)
        {
            RememberCommunity(key, community);
        }
        return community;
    }

    private void RememberCommunity(string blockOrId, string community)
    {
        if (_communities.Count < CommunityCacheSize)
        {
            _communities[blockOrId] = community;
        }
    }

    private async Task<string?> CommunityOfRowAsync(string partition, CancellationToken ct)
    {
        var row = await _ids.GetEntityIfExistsAsync<TableEntity>(partition, "", ["Community"], ct);
        return row.HasValue ? row.Value!.GetString("Community") : null;
    }

    public async Task<Versioned<Ticket>?> GetAsync(string community, string id, CancellationToken ct)
    {
        var row = await _tickets.GetEntityIfExistsAsync<TicketEntity>(community, id, cancellationToken: ct);
        return row.HasValue ? new Versioned<Ticket>(row.Value!.ToTicket(), row.Value.ETag.ToString()) : null;
    }

    public async Task<(Versioned<Ticket> Ticket, IReadOnlyList<HistoryEntry> History)?> GetWithHistoryAsync(
        string community, string id, CancellationToken ct) =>
        await ReadAsync(community, id, withSms: false, ct) is { } found ? (found.Ticket, found.History) : null;

    public Task<TicketRecord?> GetRecordAsync(string community, string id, CancellationToken ct) => ReadAsync(community, id, withSms: true, ct);

    /// <summary>The ticket's row, its history ("{id}~0001"…) and, when asked, its SMS ("{id}~sms|…"): one range of its partition.</summary>
    private async Task<TicketRecord?> ReadAsync(string community, string id, bool withSms, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {community} and RowKey ge {id} and RowKey le {(withSms ? SmsRows.RowKey(id, "~") : id + "~9999")}");
        Versioned<Ticket>? ticket = null;
        var history = new List<HistoryEntry>();
        var sms = new List<SmsRecord>();
        await foreach (var row in _tickets.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            switch (row.GetString("Type"))
            {
                case TicketEntity.TicketType:
                    ticket = new Versioned<Ticket>(Map<TicketEntity>(row).ToTicket(), row.ETag.ToString());
                    break;
                case SmsRows.Type:
                    sms.Add(SmsRows.ToRecord(row));
                    break;
                default:
                    history.Add(Map<HistoryEntity>(row).ToEntry());
                    break;
            }
        }
        return ticket is null ? null : new TicketRecord(ticket, history.OrderBy(h => h.Sequence).ToList(), sms.OrderBy(s => s.FirstAttemptAt).ToList());
    }

    public async Task<Versioned<Ticket>?> TryUpdateAsync(Versioned<Ticket> current, Ticket updated, IReadOnlyList<HistoryEntry> newEntries,
        IReadOnlyList<SmsRecord> smsOutcomes, CancellationToken ct)
    {
        var entity = TicketEntity.From(updated);
        entity.ETag = new ETag(current.ETag);
        var batch = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, entity, entity.ETag) };
        batch.AddRange(newEntries.Select(h => new TableTransactionAction(TableTransactionActionType.Add,
            HistoryEntity.Create(updated.Community, updated.Id, h))));
        // The outcomes of the SMS this change caused ride along when they are rows of the same partition and the transaction has room.
        var beside = smsOutcomes.Where(o => o.TicketCommunity == updated.Community).ToList();
        if (beside.Count != smsOutcomes.Count || batch.Count + beside.Count > TableBatches.MaxPerTransaction)
        {
            await SmsRows.RecordAllAsync(_tickets, smsOutcomes.Where(o => o.TicketCommunity is not null), ct);
            beside = [];
        }
        var smsFrom = batch.Count;
        batch.AddRange(beside.Select(SmsRows.Replace));
        try
        {
            var responses = await _tickets.SubmitTransactionAsync(batch, ct);
            return new Versioned<Ticket>(updated, responses.Value[0].Headers.ETag?.ToString() ?? "");
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 409 || (ex.Status == 404 && ex.FailedTransactionActionIndex >= smsFrom))
        {
            // The SMS went out whatever happens to the change: their outcomes are stored on their own.
            await SmsRows.RecordAllAsync(_tickets, beside, ct);
            if (ex.FailedTransactionActionIndex >= smsFrom)
            {
                // Only an SMS row had changed (a delivery receipt came first): the change itself still stands.
                return await TryUpdateAsync(current, updated, newEntries, [], ct);
            }
            // 412: someone else updated the ticket. 409: their history entry took our sequence number.
            return null;
        }
    }

    public async Task<(IReadOnlyList<Versioned<Ticket>> Tickets, string? Continuation)> ListAsync(string community, TicketFilter filter,
        string? continuation, int pageSize, CancellationToken ct)
    {
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {community} and Type eq {TicketEntity.TicketType}");
        if (filter.Status is { } status)
        {
            query += TableClient.CreateQueryFilter($" and Status eq {status}");
        }
        if (filter.Department is { } department)
        {
            query += TableClient.CreateQueryFilter($" and Department eq {department}");
        }
        if (filter.Priority is { } priority)
        {
            query += TableClient.CreateQueryFilter($" and Priority eq {priority}");
        }
        if (filter.OpenOnly)
        {
            query += " and (" + string.Join(" or ", Lifecycle.OpenStatuses.Select(s => TableClient.CreateQueryFilter($"Status eq {s}"))) + ")";
        }
        if (filter.Phone is { } phone)
        {
            query += TableClient.CreateQueryFilter($" and Phone eq {phone}");
        }
        if (filter.NamePrefix is { } name)
        {
            // Table Storage compares strings ordinally: every name starting with the prefix sorts below prefix + U+FFFF.
            query += TableClient.CreateQueryFilter($" and Name ge {name} and Name lt {name + char.MaxValue}");
        }
        if (filter.Unit is { } unit)
        {
            query += TableClient.CreateQueryFilter($" and Building eq {unit.Building} and Room eq {unit.Room}");
            if (!string.IsNullOrEmpty(unit.Unit))
            {
                query += TableClient.CreateQueryFilter($" and Unit eq {unit.Unit}");
            }
        }
        await foreach (var page in _tickets.QueryAsync<TicketEntity>(query, maxPerPage: pageSize, cancellationToken: ct).AsPages(continuation, pageSize))
        {
            return (page.Values.Select(e => new Versioned<Ticket>(e.ToTicket(), e.ETag.ToString())).ToList(), page.ContinuationToken);
        }
        return ([], null);
    }

    public async Task<IReadOnlyList<Ticket>> ForUnitAsync(string community, UnitAddress unit, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {community} and Type eq {TicketEntity.TicketType} and Building eq {unit.Building} and Room eq {unit.Room}");
        var list = new List<Ticket>();
        await foreach (var row in _tickets.QueryAsync<TicketEntity>(filter, cancellationToken: ct))
        {
            if (string.IsNullOrEmpty(unit.Unit) || row.Unit == unit.Unit)
            {
                list.Add(row.ToTicket());
            }
        }
        return list.OrderByDescending(t => t.CreatedAt).ToList();
    }

    public async Task<IReadOnlyList<Ticket>> ByPhoneAsync(string community, string phone, int max, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {community} and Type eq {TicketEntity.TicketType} and Phone eq {phone}");
        var list = new List<Ticket>();
        await foreach (var row in _tickets.QueryAsync<TicketEntity>(filter, cancellationToken: ct))
        {
            list.Add(row.ToTicket());
        }
        return list.OrderByDescending(t => t.CreatedAt).Take(max).ToList();
    }

    public async Task<IReadOnlyList<Ticket>> AnsweredByNoticeAsync(string community, string noticeId, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {community} and Type eq {TicketEntity.TicketType} and AnsweredByNotice eq {noticeId}");
        var list = new List<Ticket>();
        await foreach (var row in _tickets.QueryAsync<TicketEntity>(filter, cancellationToken: ct))
        {
            list.Add(row.ToTicket());
        }
        return list;
    }

    public async IAsyncEnumerable<Versioned<Ticket>> ScanActiveAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter(
            $"Type eq {TicketEntity.TicketType} and Status ne {TicketStatuses.Closed} and Status ne {TicketStatuses.Cancelled}");
        await foreach (var row in _tickets.QueryAsync<TicketEntity>(filter, maxPerPage: 500, cancellationToken: ct))
        {
            yield return new Versioned<Ticket>(row.ToTicket(), row.ETag.ToString());
        }
    }

    /// <summary>The columns <see cref="WithIdPrefixAsync"/> reads: a fraction of a ticket row (no description, names or phones). 17 columns.</summary>
    private static readonly string[] ReportColumns =
    [
        nameof(TicketEntity.Kind), nameof(TicketEntity.Emergency), nameof(TicketEntity.Status), nameof(TicketEntity.Department),
        nameof(TicketEntity.CreatedAt), nameof(TicketEntity.DispatchedAt), nameof(TicketEntity.AcceptedAt), nameof(TicketEntity.FirstAcceptedAt),
        nameof(TicketEntity.ResolvedAt), nameof(TicketEntity.EscalationLevel), nameof(TicketEntity.ReopenCount), nameof(TicketEntity.Score),
        nameof(TicketEntity.Fixed), nameof(TicketEntity.MergedInto), nameof(TicketEntity.CallbackSentAt), nameof(TicketEntity.FirstArrivedAt),
        nameof(TicketEntity.FirstAcceptedBy), nameof(TicketEntity.FirstAcceptedByPhone), nameof(TicketEntity.AcceptedBy), nameof(TicketEntity.AcceptedByPhone),
        nameof(TicketEntity.Channel), nameof(TicketEntity.AnsweredByNotice),
    ];

    public async IAsyncEnumerable<ReportTicket> WithIdPrefixAsync(string community, string idPrefix, [EnumeratorCancellation] CancellationToken ct)
    {
        // Every key starting with the prefix sorts below prefix + "~" ('~' is above digits, letters and '-').
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {community} and RowKey ge {idPrefix} and RowKey lt {idPrefix + "~"} and Type eq {TicketEntity.TicketType}");
        await foreach (var row in _tickets.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ReportColumns, cancellationToken: ct))
        {
            yield return new ReportTicket
            {
                Id = row.RowKey,
                Kind = row.GetString(nameof(TicketEntity.Kind)) ?? "",
                Emergency = row.GetBoolean(nameof(TicketEntity.Emergency)) ?? false,
                Status = row.GetString(nameof(TicketEntity.Status)) ?? "",
                Department = row.GetString(nameof(TicketEntity.Department)),
                CreatedAt = row.GetDateTimeOffset(nameof(TicketEntity.CreatedAt)) ?? default,
                DispatchedAt = row.GetDateTimeOffset(nameof(TicketEntity.DispatchedAt)),
                // Rows written before FirstAcceptedAt existed have only the latest acceptance.
                AcceptedAt = row.GetDateTimeOffset(nameof(TicketEntity.FirstAcceptedAt)) ?? row.GetDateTimeOffset(nameof(TicketEntity.AcceptedAt)),
                ResolvedAt = row.GetDateTimeOffset(nameof(TicketEntity.ResolvedAt)),
                EscalationLevel = row.GetInt32(nameof(TicketEntity.EscalationLevel)) ?? 0,
                ReopenCount = row.GetInt32(nameof(TicketEntity.ReopenCount)) ?? 0,
                Score = row.GetInt32(nameof(TicketEntity.Score)),
                Fixed = row.GetBoolean(nameof(TicketEntity.Fixed)),
                MergedInto = row.GetString(nameof(TicketEntity.MergedInto)),
                CallbackSentAt = row.GetDateTimeOffset(nameof(TicketEntity.CallbackSentAt)),
                ArrivedAt = row.GetDateTimeOffset(nameof(TicketEntity.FirstArrivedAt)),
                // Rows written before FirstAcceptedBy existed credit whoever holds the ticket now.
                AcceptedBy = row.GetString(nameof(TicketEntity.FirstAcceptedBy)) ?? row.GetString(nameof(TicketEntity.AcceptedBy)),
                AcceptedByPhone = row.GetString(nameof(TicketEntity.FirstAcceptedBy)) is null
                    ? row.GetString(nameof(TicketEntity.AcceptedByPhone)) : row.GetString(nameof(TicketEntity.FirstAcceptedByPhone)),
                Channel = row.GetString(nameof(TicketEntity.Channel)) ?? Channels.Web,
                AnsweredByNotice = row.GetString(nameof(TicketEntity.AnsweredByNotice)),
            };
        }
    }
    public async IAsyncEnumerable<Ticket> UnansweredEmergenciesAsync([EnumeratorCancellation] CancellationToken ct)
    {
        // Every write sets Unanswered from the ticket itself, so the flag is the rule.
        var filter = TableClient.CreateQueryFilter($"Type eq {TicketEntity.TicketType} and Unanswered eq {true}");
        await foreach (var row in _tickets.QueryAsync<TicketEntity>(filter, maxPerPage: 500, cancellationToken: ct))
        {
            yield return row.ToTicket();
        }
    }

    public async Task IndexForRatingAsync(string phone, string community, string id, CancellationToken ct) =>
        await _ratings.UpsertEntityAsync(new TableEntity(phone, id) { ["Community"] = community }, TableUpdateMode.Replace, ct);

    public async Task<(string Community, string Id)?> FindAwaitingRatingAsync(string phone, CancellationToken ct)
    {
        (string, string)? latest = null;
        // Ids start with the date, so the greatest RowKey is the most recent ticket.
        await foreach (var row in _ratings.QueryAsync<TableEntity>(e => e.PartitionKey == phone, cancellationToken: ct))
        {
            if (latest is null || string.CompareOrdinal(row.RowKey, latest.Value.Item2) > 0)
            {
                latest = (row.GetString("Community"), row.RowKey);
            }
        }
        return latest;
    }

    public async IAsyncEnumerable<Ticket> FindUndispatchedAsync(DateTimeOffset before, [EnumeratorCancellation] CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter(
            $"Type eq {TicketEntity.TicketType} and Status eq {TicketStatuses.Received} and ((Routed eq {false} and CreatedAt lt {before}) or (AwaitingDispatch eq {true} and DispatchAt lt {before}))");
        await foreach (var row in _tickets.QueryAsync<TicketEntity>(filter, maxPerPage: 500, cancellationToken: ct))
        {
            yield return row.ToTicket();
        }
    }

    /// <summary>One range query returns both row types as generic entities; this maps one onto its typed class.</summary>
    private static T Map<T>(TableEntity row) where T : class, ITableEntity, new()
    {
        var entity = new T { PartitionKey = row.PartitionKey, RowKey = row.RowKey, ETag = row.ETag, Timestamp = row.Timestamp };
        foreach (var property in typeof(T).GetProperties())
        {
            if (property.CanWrite && property.Name is not ("PartitionKey" or "RowKey" or "ETag" or "Timestamp")
                && row.TryGetValue(property.Name, out var value) && value is not null)
            {
                property.SetValue(entity, value);
            }
        }
        return entity;
    }
}
