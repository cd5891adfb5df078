using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

/// <summary>
/// Ticket ids come from blocks of 32 an instance reserves in TicketIds (two requests). A busy instance (16 ids handed out
/// within 10 s of its last block) reserves the next block while it still holds 32, so a burst of submissions does not wait for
/// a reservation; a quiet one reserves on empty and holds no block it may not use. Against Azurite.
/// </summary>
public sealed class TicketIdBlockTests
{
    private const string Day = "261128";

    [Fact]
    public async Task A_busy_instance_reserves_the_next_block_before_the_last_runs_out_and_no_draw_waits_for_it()
    {
        var (store, ids, _) = await StoreAsync();
        var drawn = new List<string> { await store.NewIdAsync("sunshine-garden", Day, default) };
        for (var i = 1; i < 16; i++)
        {
            drawn.Add(await store.NewIdAsync("sunshine-garden", Day, default)); // 16 ids within a second of the block: busy
        }
        await TestDesk.EventuallyAsync(() => BlocksAsync(ids), n => n == 2);
        Assert.Equal(2, await BlocksAsync(ids));
        // The block is stored a moment before the instance takes it in: wait for that, not for a draw.
        await TestDesk.EventuallyAsync(() => Task.FromResult(store.IdsOnHand("sunshine-garden", Day)), n => n == 48);
        Assert.Equal(48, store.IdsOnHand("sunshine-garden", Day));

        for (var i = 0; i < 40; i++)
        {
            var draw = store.NewIdAsync("sunshine-garden", Day, default);
            Assert.True(draw.IsCompleted, $"draw {i} waited for storage"); // 48 ids held: the reservation ran ahead
            drawn.Add(await draw);
        }
        await TestDesk.EventuallyAsync(() => BlocksAsync(ids), n => n == 3); // and the next one is under way again
        Assert.Equal(3, await BlocksAsync(ids));
        Assert.Equal(drawn.Count, drawn.Distinct().Count());
        Assert.All(drawn, id => Assert.StartsWith(Day + "-", id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_quiet_instance_reserves_only_when_its_block_is_spent()
    {
        var (store, ids, time) = await StoreAsync();
        var drawn = new List<string>();
        for (var i = 0; i < 32; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1)); // one ticket a second: the block lasts 32 s
            drawn.Add(await store.NewIdAsync("sunshine-garden", Day, default));
        }
        Assert.Equal(1, await BlocksAsync(ids));

        drawn.Add(await store.NewIdAsync("sunshine-garden", Day, default));
        Assert.Equal(2, await BlocksAsync(ids));
        Assert.Equal(33, drawn.Distinct().Count());
    }

    private static async Task<(TableTicketStore Store, TableClient Ids, FakeTimeProvider Time)> StoreAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageClients.Setting] = await SharedAzurite.GetConnectionStringAsync(),
            ["Storage:Prefix"] = "id" + Guid.NewGuid().ToString("N")[..8],
        }).Build();
        var storage = new StorageClients(configuration);
        var ids = storage.Table("TicketIds");
        await ids.CreateIfNotExistsAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));
        return (new TableTicketStore(storage, time), ids, time);
    }

    private static async Task<int> BlocksAsync(TableClient ids) => await ids.QueryAsync<TableEntity>(select: ["PartitionKey"]).CountAsync();
}
