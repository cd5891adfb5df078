using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Routing;

namespace PropertyFunctions.Azure.Storage;

/// <summary>Emergency page windows (table PageWindows, PartitionKey community, RowKey the building as typed, made key-safe).</summary>
public sealed class TablePageWindows(StorageClients storage) : IPageWindows
{
    private readonly TableClient _table = storage.Table("PageWindows");

    public async Task<Versioned<PageWindow>?> GetAsync(string community, string building, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(community, Key(building), cancellationToken: ct);
        if (!row.HasValue)
        {
            return null;
        }
        var e = row.Value!;
        return new Versioned<PageWindow>(new PageWindow(e.GetDateTimeOffset("OpenedAt") ?? DateTimeOffset.MinValue, Ids(e, "Paged"), Ids(e, "Pending")),
            e.ETag.ToString());
    }

    public async Task<bool> TrySaveAsync(string community, string building, Versioned<PageWindow>? current, PageWindow window, CancellationToken ct)
    {
        var entity = new TableEntity(community, Key(building))
        {
            ["OpenedAt"] = window.OpenedAt,
            ["Paged"] = JsonSerializer.Serialize(window.Paged),
            ["Pending"] = JsonSerializer.Serialize(window.Pending),
        };
        try
        {
            if (current is null)
            {
                await _table.AddEntityAsync(entity, ct);
            }
            else
            {
                await _table.UpdateEntityAsync(entity, new ETag(current.ETag), TableUpdateMode.Replace, ct);
            }
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    private static List<string> Ids(TableEntity e, string column) =>
        JsonSerializer.Deserialize<List<string>>(e.GetString(column) ?? "[]") ?? [];

    /// <summary>Buildings are owner text: characters a RowKey may not hold become '_'.</summary>
    private static string Key(string building) =>
        new(building.Trim().Select(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c).ToArray());
}
