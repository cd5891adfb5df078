using Azure.Data.Tables;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

public sealed class SweepTests : IAsyncLifetime
{
    private TestDesk _desk = null!;

    public async Task InitializeAsync() => _desk = await TestDesk.StartAsync(fakeTimeStart: new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    [Fact]
    public async Task A_ticket_whose_enqueue_failed_is_kept_and_routed_by_the_service_level_watch()
    {
        // The queue is gone: the enqueue after the write fails, as when storage hiccups between the two.
        var queue = _desk.Storage.Queue(StorageNames.TicketRouteQueue);
        await queue.DeleteAsync();

        using var response = await Owners.SubmitAsync(_desk.Client, Owners.Repair("路灯不亮"));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var id = (await Owners.JsonAsync(response)).GetProperty("id").GetString()!;
        var tickets = _desk.Storage.Table("Tickets");
        Assert.False((await tickets.GetEntityAsync<TableEntity>("sunshine-garden", id)).Value.GetBoolean("Routed"));

        await queue.CreateAsync();
        // Too young: it may still be in flight, so the sweep leaves it.
        await _desk.RunFunctionAsync("ServiceLevelWatch");
        Assert.Null((await queue.PeekMessageAsync()).Value);

        _desk.Time!.Advance(TimeSpan.FromMinutes(3));
        await _desk.RunFunctionAsync("ServiceLevelWatch");

        var routed = await TestDesk.EventuallyAsync(
            async () => (await tickets.GetEntityAsync<TableEntity>("sunshine-garden", id)).Value,
            e => e.GetBoolean("Routed") == true);
        Assert.Equal("engineering", routed.GetString("Department"));
    }
}
