using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Fees;
using PropertyFunctions.Core.Residents;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// The fee ledger in table Fees: PartitionKey = community, RowKey = "building|unit|room|feeType|period".
/// Amounts are whole fen (Int64): Table Storage has no decimal type, and integers stay exact. The reminder
/// history is a small JSON array on the row, written only by the reminder timer; imports merge the other
/// columns and never touch it.
/// </summary>
public sealed class TableFeeLedger(StorageClients storage) : IFeeLedger
{
    private const int BatchLimit = 100;
    private const int PageSize = 1000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TableClient _table = storage.Table("Fees");

    public async Task UpsertAsync(IReadOnlyList<FeeEntry> entries, CancellationToken ct)
    {
        foreach (var community in entries.GroupBy(e => e.Community))
        {
            foreach (var chunk in community.Chunk(BatchLimit))
            {
                await _table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertMerge, ToEntity(e))), ct);
            }
        }
    }

    public async IAsyncEnumerable<FeeEntry> InCommunityAsync(string community, string? building, [EnumeratorCancellation] CancellationToken ct)
    {
        var filter = building is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {community}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {community} and RowKey ge {building + "|"} and RowKey lt {building + "}"}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: PageSize, cancellationToken: ct))
        {
            yield return ToEntry(row);
        }
    }

    public async Task<IReadOnlyList<FeeEntry>> InUnitAsync(string community, UnitAddress unit, CancellationToken ct)
    {
        var prefix = UnitKeys.For(unit) + "|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {community} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "}"}");
        var list = new List<FeeEntry>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(ToEntry(row));
        }
        return list;
    }

    /// <summary>
    /// Partition by partition: the next community is found with a one-row query (<c>PartitionKey gt</c> the last),
    /// then its rows are read in pages. Single-partition queries stay cheap as the table grows (Azurite, for one,
    /// sorts everything a cross-partition page could return), and resuming inside a partition is a RowKey bound.
    /// </summary>
    public async IAsyncEnumerable<UnitFees> ScanUnitsAsync(ScanPosition? after, [EnumeratorCancellation] CancellationToken ct)
    {
        var community = after?.Community;
        // Every row key of unit U starts with "U|" followed by a lowercase fee type, and '~' sorts above those:
        // "U|~" is past all of U's rows and before the next unit's.
        var resumeAfter = after is null ? null : after.AfterUnitKey + "|~";
        if (after is null)
        {
            community = await NextCommunityAsync(null, ct);
        }
        while (community is not null)
        {
            var filter = resumeAfter is null
                ? TableClient.CreateQueryFilter($"PartitionKey eq {community}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {community} and RowKey gt {resumeAfter}");
            List<FeeEntry>? unit = null;
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: PageSize, cancellationToken: ct))
            {
                var entry = ToEntry(row);
                if (unit is not null && unit[0].UnitKey != entry.UnitKey)
                {
                    yield return new UnitFees(unit[0].Community, unit[0].Unit, unit[0].UnitKey, unit);
                    unit = null;
                }
                (unit ??= []).Add(entry);
            }
            if (unit is not null)
            {
                yield return new UnitFees(unit[0].Community, unit[0].Unit, unit[0].UnitKey, unit);
            }
            resumeAfter = null;
            community = await NextCommunityAsync(community, ct);
        }
    }

    /// <summary>The first community after <paramref name="after"/> (or the first of all) with a ledger row; null at the end.</summary>
    private async Task<string?> NextCommunityAsync(string? after, CancellationToken ct)
    {
        var filter = after is null ? null : TableClient.CreateQueryFilter($"PartitionKey gt {after}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["PartitionKey"], cancellationToken: ct))
        {
            return row.PartitionKey;
        }
        return null;
    }

    public async Task RecordRemindersAsync(string community, IReadOnlyList<FeeEntry> entries, CancellationToken ct)
    {
        foreach (var chunk in entries.Chunk(BatchLimit))
        {
            // Merge only the history: an import running meanwhile may change amounts, and keeps them.
            await _table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpdateMerge,
                new TableEntity(community, e.RowKey)
                {
                    ["Reminders"] = JsonSerializer.Serialize(e.Reminders, Json),
                    ["LastReminderAt"] = e.Reminders.Count == 0 ? null : e.Reminders.Max(r => r.At),
                }, ETag.All)), ct);
        }
    }

    public async Task PromiseAsync(string community, UnitAddress unit, DateOnly date, CancellationToken ct)
    {
        var unpaid = (await InUnitAsync(community, unit, ct)).Where(f => !f.IsPaid).ToList();
        foreach (var chunk in unpaid.Chunk(BatchLimit))
        {
            await _table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpdateMerge,
                new TableEntity(community, e.RowKey) { ["PromisedBy"] = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
                ETag.All)), ct);
        }
    }

    private static TableEntity ToEntity(FeeEntry e) => new(e.Community, e.RowKey)
    {
        // Merged: an import without a rate keeps the one stored before.
        ["RateFen"] = e.Rate is { } rate ? Money.ToFen(rate) : null,
        ["Building"] = e.Unit.Building,
        ["Unit"] = e.Unit.Unit ?? "",
        ["Room"] = e.Unit.Room,
        ["FeeType"] = e.FeeType,
        ["Period"] = e.Period,
        ["AmountFen"] = Money.ToFen(e.Amount),
        ["PaidFen"] = Money.ToFen(e.Paid),
        ["DueDate"] = e.DueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static FeeEntry ToEntry(TableEntity e) => new(e.PartitionKey,
        new UnitAddress(e.GetString("Building"), e.GetString("Unit") is { Length: > 0 } u ? u : null, e.GetString("Room")),
        e.GetString("FeeType"), e.GetString("Period"), Money.FromFen(e.GetInt64("AmountFen") ?? 0), DateOnly.ParseExact(e.GetString("DueDate"), "yyyy-MM-dd",
            System.Globalization.CultureInfo.InvariantCulture), Money.FromFen(e.GetInt64("PaidFen") ?? 0))
    {
        Reminders = e.GetString("Reminders") is { Length: > 0 } json ? JsonSerializer.Deserialize<List<FeeReminder>>(json, Json) ?? [] : [],
        Rate = e.GetInt64("RateFen") is { } rate ? Money.FromFen(rate) : null,
        PromisedBy = e.GetString("PromisedBy") is { Length: 10 } promised
            ? DateOnly.ParseExact(promised, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null,
    };
}
