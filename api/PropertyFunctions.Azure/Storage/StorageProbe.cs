using Azure.Data.Tables;

namespace PropertyFunctions.Azure.Storage;

/// <summary>What the health check found: whether the tables and the queues answered.</summary>
public sealed record StorageHealth(bool Tables, bool Queues)
{
    public bool Healthy => Tables && Queues;
}

/// <summary>
/// Asks the tables and the queues one cheap question each, with the app's own identity and data roles (no service-level
/// rights needed): a one-row query of the Checkpoints table and a peek at the ticket-route queue. Bounded in time, so a
/// storage outage makes the health check answer "unreachable" rather than hang.
/// </summary>
public sealed class StorageProbe(StorageClients storage)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<StorageHealth> CheckAsync(CancellationToken ct)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(Timeout);
        var tables = Answers(async token =>
        {
            await foreach (var _ in storage.Table("Checkpoints").QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: token))
            {
                break;
            }
        }, bounded.Token);
        var queues = Answers(token => storage.Queue(StorageNames.TicketRouteQueue).PeekMessageAsync(token), bounded.Token);
        return new StorageHealth(await tables, await queues);
    }

    private static async Task<bool> Answers(Func<CancellationToken, Task> probe, CancellationToken ct)
    {
        try
        {
            await probe(ct);
            return true;
        }
        catch (Exception)
        {
            // Refused, timed out, no token for the identity: whatever it was, storage did not answer. The answer names no cause,
            // because the health check is anonymous.
            return false;
        }
    }
}
