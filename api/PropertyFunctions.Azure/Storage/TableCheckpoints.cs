using Azure;
using Azure.Data.Tables;
using PropertyFunctions.Core.Fees;

namespace PropertyFunctions.Azure.Storage;

/// <summary>Checkpoints of long timer runs: table Checkpoints, PartitionKey = run name, RowKey "". Saved with ETags.</summary>
public sealed class TableCheckpoints(StorageClients storage) : IRunCheckpoints
{
    private readonly TableClient _table = storage.Table("Checkpoints");

    public async Task<RunCheckpoint?> GetAsync(string name, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(name, "", cancellationToken: ct);
        if (!row.HasValue || row.Value is not { } e)
        {
            return null;
        }
        var position = e.GetString("Community") is { Length: > 0 } community ? new ScanPosition(community, e.GetString("AfterUnit") ?? "") : null;
        return new RunCheckpoint(e.GetString("RunId") ?? "", e.GetDateTimeOffset("StartedAt") ?? default, position, e.GetBoolean("Completed") ?? false,
            e.GetDateTimeOffset("LeaseUntil") ?? default, e.ETag.ToString());
    }

    public async Task<RunCheckpoint?> TrySaveAsync(string name, RunCheckpoint checkpoint, CancellationToken ct)
    {
        var entity = new TableEntity(name, "")
        {
            ["RunId"] = checkpoint.RunId,
            ["StartedAt"] = checkpoint.StartedAt,
            ["Community"] = checkpoint.Position?.Community ?? "",
            ["AfterUnit"] = checkpoint.Position?.AfterUnitKey ?? "",
            ["Completed"] = checkpoint.Completed,
            ["LeaseUntil"] = checkpoint.LeaseUntil,
        };
        try
        {
            var response = checkpoint.ETag is null
                ? await _table.AddEntityAsync(entity, ct)
                : await _table.UpdateEntityAsync(entity, new ETag(checkpoint.ETag), TableUpdateMode.Replace, ct);
            return checkpoint with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }
}
