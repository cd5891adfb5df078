using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Communities;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Communities' settings (table Communities, PartitionKey = slug, RowKey ""): the settings as one JSON column, changed under ETags.
/// Each language's FAQ, once edited, is a row of its own (RowKey "faq:{language}") with its own ETag.
/// </summary>
public sealed class TableCommunityStore(StorageClients storage) : ICommunityStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TableClient _table = storage.Table("Communities");

    public async Task<Versioned<CommunityDocument>?> GetAsync(string slug, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(slug, "", cancellationToken: ct);
        return row.HasValue && JsonSerializer.Deserialize<CommunityDocument>(row.Value!.GetString("Settings"), Json) is { } settings
            ? new Versioned<CommunityDocument>(settings, row.Value.ETag.ToString())
            : null;
    }

    public async Task<Versioned<CommunityDocument>?> SaveAsync(string slug, CommunityDocument settings, string? ifMatch, CancellationToken ct)
    {
        var entity = new TableEntity(slug, "") { ["Settings"] = JsonSerializer.Serialize(settings, Json) };
        try
        {
            var response = ifMatch is null
                ? await _table.AddEntityAsync(entity, ct)
                : await _table.UpdateEntityAsync(entity, new ETag(ifMatch), TableUpdateMode.Replace, ct);
            return new Versioned<CommunityDocument>(settings, response.Headers.ETag?.ToString() ?? "");
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken ct)
    {
        var slugs = new List<string>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {""}"), select: ["PartitionKey"],
            maxPerPage: 1000, cancellationToken: ct))
        {
            slugs.Add(row.PartitionKey);
        }
        return slugs;
    }

    public async Task<StoredFaq?> GetFaqAsync(string slug, string language, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(slug, FaqRow(language), cancellationToken: ct);
        return row.HasValue && JsonSerializer.Deserialize<List<FaqItem>>(row.Value!.GetString("Items"), Json) is { } items
            ? new StoredFaq(items, row.Value.ETag.ToString())
            : null;
    }

    public async Task<string?> SaveFaqAsync(string slug, string language, IReadOnlyList<FaqItem> items, string? ifMatch, CancellationToken ct)
    {
        var entity = new TableEntity(slug, FaqRow(language)) { ["Items"] = JsonSerializer.Serialize(items, Json) };
        try
        {
            var response = ifMatch is null
                ? await _table.AddEntityAsync(entity, ct)
                : await _table.UpdateEntityAsync(entity, new ETag(ifMatch), TableUpdateMode.Replace, ct);
            return response.Headers.ETag?.ToString() ?? "";
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return null;
        }
    }

    private static string FaqRow(string language) => "faq:" + language;
}
