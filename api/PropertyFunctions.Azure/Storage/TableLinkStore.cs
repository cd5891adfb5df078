using Azure.Data.Tables;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Short links (table Links, PartitionKey = the code, RowKey ""): opening a link is one point read. A staff phone's latest task
/// link is kept as well (PartitionKey "p:{phone}"), so a bare "JD" reply is one point read too. <c>WrittenAt</c> (the desk's clock)
/// lets retention find links of closed tickets by age (docs/privacy.md).
/// </summary>
public sealed class TableLinkStore(StorageClients storage, TimeProvider time) : ILinkStore
{
    private readonly TableClient _table = storage.Table("Links");

    public async Task SaveAsync(ShortLink link, CancellationToken ct)
    {
        await _table.UpsertEntityAsync(ToEntity(link.Code, link), TableUpdateMode.Replace, ct);
        if (link is { Kind: LinkKinds.Task, Phone: { } phone })
        {
            await _table.UpsertEntityAsync(ToEntity(LatestKey(phone), link), TableUpdateMode.Replace, ct);
        }
    }

    public Task<ShortLink?> FindAsync(string code, CancellationToken ct) => ReadAsync(code, ct);

    public Task<ShortLink?> LatestTaskAsync(string phone, CancellationToken ct) => ReadAsync(LatestKey(phone), ct);

    private static string LatestKey(string phone) => "p:" + phone;

    private TableEntity ToEntity(string key, ShortLink link) => new(key, "")
    {
        ["WrittenAt"] = time.GetUtcNow(),
        ["Code"] = link.Code,
        ["Kind"] = link.Kind,
        ["Community"] = link.Community,
        ["TicketId"] = link.TicketId,
        ["Phone"] = link.Phone,
        ["Dispatch"] = link.Dispatch,
    };

    private async Task<ShortLink?> ReadAsync(string key, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(key, "", cancellationToken: ct);
        if (!row.HasValue)
        {
            return null;
        }
        var e = row.Value!;
        return new ShortLink(e.GetString("Code"), e.GetString("Kind"), e.GetString("Community"), e.GetString("TicketId"), e.GetString("Phone"),
            e.GetInt32("Dispatch"));
    }
}
