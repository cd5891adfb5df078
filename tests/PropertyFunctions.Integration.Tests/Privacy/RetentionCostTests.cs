using System.Diagnostics;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Privacy;
using PropertyFunctions.Testing;
using Xunit.Abstractions;

namespace PropertyFunctions.Integration.Tests.Privacy;

/// <summary>What a retention delete costs in storage requests: one transaction per 100 rows of a partition, plus the query pages.</summary>
public sealed class RetentionCostTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);
    private readonly StorageRequestCounter _counter = new();
    private TestDesk _desk = null!;

    public async Task InitializeAsync() =>
        _desk = await TestDesk.StartAsync(fakeTimeStart: Now, services: s => s.AddSingleton<HttpPipelinePolicy>(_counter));

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    [Fact]
    public async Task Deleting_1000_old_sms_in_10_partitions_takes_10_transactions_and_keeps_the_recent_ones()
    {
        var table = _desk.Storage.Table("SmsLog");
        for (var p = 0; p < 10; p++)
        {
            foreach (var chunk in Enumerable.Range(0, 110).Chunk(100))
            {
                // 100 rows of each partition are 200 days old, 10 are recent.
                await table.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(TableTransactionActionType.Add,
                    new TableEntity($"260101-P{p:D3}", $"ack.{i:D4}") { ["To"] = "+8613800138000", ["FirstAttemptAt"] = i < 100 ? Now.AddDays(-200) : Now })));
            }
        }
        var store = _desk.Services.GetRequiredService<IRetentionStore>();
        _counter.Reset();
        var clock = Stopwatch.StartNew();

        var deleted = await store.DeleteSmsLogBeforeAsync(Now.AddDays(-180), default);

        clock.Stop();
        var requests = _counter.Total - _counter.IdlePolls;
        output.WriteLine($"{deleted} rows deleted in {clock.ElapsedMilliseconds} ms with {requests} storage requests: " +
            string.Join(", ", _counter.ByKind.Where(k => !k.Key.Contains("queue", StringComparison.OrdinalIgnoreCase)).Select(k => $"{k.Key} {k.Value}")));
        Assert.Equal(1000, deleted);
        var left = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["PartitionKey"]))
        {
            left++;
        }
        Assert.Equal(100, left);
        // Queue polls of the desk's listeners run meanwhile; the table work is 10 transactions and a page or two of query.
        Assert.True(_counter.ByKind.Where(k => k.Key.Contains("batch", StringComparison.OrdinalIgnoreCase)).Sum(k => k.Value) is >= 10 and <= 12,
            string.Join(", ", _counter.ByKind.Select(k => $"{k.Key} {k.Value}")));
    }
}
