using Azure;
using Azure.Data.Tables;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Home;

namespace PropertyFunctions.Azure.Storage;

/// <summary>
/// Owners' sign-in codes and sessions in table OwnerSignIns, one row per partition: "code|{community}|{phone}" (the code's
/// hash, expiry and attempts; point read, ETag-guarded attempts) and "session|{id}" (community, phone, expiry).
/// </summary>
public sealed class TableOwnerSignIns(StorageClients storage) : IOwnerSignIns
{
    private readonly TableClient _table = storage.Table("OwnerSignIns");

    private static string CodeKey(string community, string phone) => $"code|{community}|{phone}";

    private static string SessionKey(string id) => "session|" + id;

    public Task SaveCodeAsync(OwnerCode code, CancellationToken ct) =>
        _table.UpsertEntityAsync(new TableEntity(CodeKey(code.Community, code.Phone), "")
        {
            ["Hash"] = code.Hash,
            ["ExpiresAt"] = code.ExpiresAt,
            ["Attempts"] = code.Attempts,
        }, TableUpdateMode.Replace, ct);

    public async Task<Versioned<OwnerCode>?> GetCodeAsync(string community, string phone, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(CodeKey(community, phone), "", cancellationToken: ct);
        if (!row.HasValue || row.Value is not { } e)
        {
            return null;
        }
        return new Versioned<OwnerCode>(new OwnerCode(community, phone, e.GetString("Hash") ?? "", e.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue,
            e.GetInt32("Attempts") ?? 0), e.ETag.ToString());
    }

    public async Task<bool> TryCountAttemptAsync(Versioned<OwnerCode> code, CancellationToken ct)
    {
        try
        {
            await _table.UpdateEntityAsync(new TableEntity(CodeKey(code.Value.Community, code.Value.Phone), "") { ["Attempts"] = code.Value.Attempts + 1 },
                new ETag(code.ETag), TableUpdateMode.Merge, ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    public Task DeleteCodeAsync(string community, string phone, CancellationToken ct) =>
        _table.DeleteEntityAsync(CodeKey(community, phone), "", cancellationToken: ct);

    public Task SaveSessionAsync(OwnerSession session, CancellationToken ct) =>
        _table.UpsertEntityAsync(new TableEntity(SessionKey(session.Id), "")
        {
            ["Community"] = session.Community,
            ["Phone"] = session.Phone,
            ["ExpiresAt"] = session.ExpiresAt,
        }, TableUpdateMode.Replace, ct);

    public async Task<OwnerSession?> GetSessionAsync(string id, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(SessionKey(id), "", cancellationToken: ct);
        return row.HasValue && row.Value is { } e
            ? new OwnerSession(id, e.GetString("Community") ?? "", e.GetString("Phone") ?? "", e.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue)
            : null;
    }

    public Task DeleteSessionAsync(string id, CancellationToken ct) => _table.DeleteEntityAsync(SessionKey(id), "", cancellationToken: ct);
}
