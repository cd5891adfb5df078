using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using PropertyFunctions.Core.Intake;

namespace PropertyFunctions.Azure.Storage;

/// <summary>Idempotency-Key records; PartitionKey is the SHA-256 of the key (keys may hold characters keys cannot).</summary>
public sealed class TableIdempotencyStore(StorageClients storage) : IIdempotencyStore
{
    private readonly TableClient _table = storage.Table("Idempotency");

    public async Task<IdempotencyRecord?> GetAsync(string key, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(Hash(key), "", cancellationToken: ct);
        return row.HasValue ? ToRecord(key, row.Value!) : null;
    }

    public async Task<IdempotencyRecord> AddOrGetAsync(IdempotencyRecord record, CancellationToken ct)
    {
        var entity = new TableEntity(Hash(record.Key), "")
        {
            ["BodyHash"] = record.BodyHash,
            ["TicketId"] = record.TicketId,
            ["Community"] = record.Community,
            ["Answer"] = record.Answer,
            ["CreatedAt"] = record.CreatedAt,
        };
        try
        {
            await _table.AddEntityAsync(entity, ct);
            return record;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return await GetAsync(record.Key, ct) ?? throw new InvalidOperationException("Idempotency record vanished.", ex);
        }
    }

    public async Task DeleteAsync(string key, CancellationToken ct) => await _table.DeleteEntityAsync(Hash(key), "", cancellationToken: ct);

    private static IdempotencyRecord ToRecord(string key, TableEntity e) => new(key, e.GetString("BodyHash"), e.GetString("TicketId"),
        e.GetString("Community"), e.GetString("Answer"), e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue);

    private static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
