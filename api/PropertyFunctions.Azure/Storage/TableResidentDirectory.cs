using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Residents;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Residents in table Owners: PartitionKey = community, RowKey = "building|unit|room|phone", so a unit and a
/// building are RowKey ranges inside one partition ('|' sorts below '}', which closes each range).
/// </summary>
public sealed class TableResidentDirectory(StorageClients storage) : IResidentDirectory
{
    private const int BatchLimit = 100;
    private readonly TableClient _table = storage.Table("Owners");

    public async IAsyncEnumerable<Resident> InBuildingsAsync(string community, IReadOnlyCollection<string> buildings,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var filters = buildings.Count == 0
            ? [TableClient.CreateQueryFilter($"PartitionKey eq {community}")]
            : buildings.Select(b => TableClient.CreateQueryFilter($"PartitionKey eq {community} and RowKey ge {b + "|"} and RowKey lt {b + "}"}"));
        foreach (var filter in filters)
        {
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
            {
                yield return ToResident(row);
            }
        }
    }

    public async Task<IReadOnlyList<Resident>> InUnitAsync(string community, UnitAddress unit, CancellationToken ct)
    {
        var prefix = UnitKeys.For(unit) + "|";
        var list = new List<Resident>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {community} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "}"}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(ToResident(row));
        }
        return list;
    }

    public Task<IReadOnlyList<Resident>> WithPhoneAsync(string community, string phone, CancellationToken ct) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {community} and Phone eq {phone}"), int.MaxValue, ct);

    public Task<IReadOnlyList<Resident>> NamedAsync(string community, string prefix, int max, CancellationToken ct) =>
        // Strings compare ordinally: every name that starts with the prefix sorts below prefix + U+FFFF.
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {community} and Name ge {prefix} and Name lt {prefix + char.MaxValue}"), max, ct);

    private async Task<IReadOnlyList<Resident>> QueryAsync(string filter, int max, CancellationToken ct)
    {
        var list = new List<Resident>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(ToResident(row));
            if (list.Count == max)
            {
                break;
            }
        }
        return list;
    }

    public async Task SetLanguageAsync(string community, string phone, string language, CancellationToken ct)
    {
        var mine = await WithPhoneAsync(community, phone, ct);
        foreach (var chunk in mine.Chunk(BatchLimit))
        {
            await _table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpdateMerge,
                new TableEntity(community, RowKey(r)) { ["Language"] = language }, ETag.All)), ct);
        }
    }

    public async Task ReplaceUnitsAsync(IReadOnlyList<Resident> residents, CancellationToken ct)
    {
        foreach (var community in residents.GroupBy(r => r.Community))
        {
            var actions = new List<TableTransactionAction>();
            foreach (var unit in community.GroupBy(r => r.UnitKey))
            {
                var existing = await InUnitAsync(community.Key, unit.First().Unit, ct);
                var keep = unit.Select(r => r.Phone).ToHashSet();
                actions.AddRange(unit.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(r))));
                actions.AddRange(existing.Where(r => !keep.Contains(r.Phone))
                    .Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(r.Community, RowKey(r)), ETag.All)));
            }
            foreach (var chunk in actions.Chunk(BatchLimit))
            {
                await _table.SubmitTransactionAsync(chunk, ct);
            }
        }
    }

    private static string RowKey(Resident r) => $"{r.UnitKey}|{r.Phone}";

    private static TableEntity ToEntity(Resident r) => new(r.Community, RowKey(r))
    {
        ["Building"] = r.Unit.Building,
        ["Unit"] = r.Unit.Unit,
        ["Room"] = r.Unit.Room,
        ["Name"] = r.Name,
        ["Phone"] = r.Phone,
        ["Language"] = r.Language,
        ["Relation"] = r.Relation,
        // m² as invariant text: exact, and Table Storage has no decimal type.
        ["Area"] = r.Area?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ParkingSpace"] = r.ParkingSpace,
    };

    private static Resident ToResident(TableEntity e) => new(e.PartitionKey,
        new UnitAddress(e.GetString("Building"), e.GetString("Unit") is { Length: > 0 } u ? u : null, e.GetString("Room")),
        e.GetString("Name"), e.GetString("Phone"), e.GetString("Language"), e.GetString("Relation"))
    {
        Area = decimal.TryParse(e.GetString("Area"), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture,
            out var area) ? area : null,
        ParkingSpace = e.GetString("ParkingSpace") is { Length: > 0 } space ? space : null,
    };
}
