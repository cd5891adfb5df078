using System.Diagnostics;
using Azure.Storage.Queues;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Benchmarks;

/// <summary>
/// The raw-SDK reproduction of the submit benchmark's stalls: no desk, only the Queue SDK against an in-memory Azurite.
/// One queue holds a single message that is received and deleted over and over (what a trigger does); beside it another
/// queue holds a growing backlog nobody touches. In Azure the backlog would not matter. In Azurite every receive, delete and
/// update first runs <c>clearExpiredMessages</c>, whose <c>remove([])</c> makes LokiJS rebuild all four indexes of the one
/// collection that holds every message of every queue (<c>removeBatchByPositions</c> → <c>ensureAllIndexes(true)</c>): a
/// sort of the whole backlog per operation, on Azurite's single thread, while every other request waits.
/// </summary>
public static class AzuriteQueuesBenchmark
{
    private static readonly int[] Backlogs = [0, 1_000, 3_000, 6_000, 10_000];
    private const int Rounds = 50;

    public static async Task RunAsync(string[] args)
    {
        var connection = await SharedAzurite.GetConnectionStringAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var busy = new QueueClient(connection, "busy-" + suffix);
        var backlog = new QueueClient(connection, "backlog-" + suffix);
        await busy.CreateAsync();
        await backlog.CreateAsync();
        Console.WriteLine("Azurite queues: receive + delete of one message, beside an untouched backlog in another queue (raw SDK, no desk)");
        var stored = 0;
        foreach (var size in Backlogs)
        {
            // Filled 50 at a time in parallel: enqueueing does not trigger the rebuild, so this part stays fast.
            for (; stored < size; stored += 50)
            {
                await Task.WhenAll(Enumerable.Range(0, 50).Select(i => backlog.SendMessageAsync("{\"filler\":" + (stored + i) + "}")));
            }
            var samples = new List<double>(Rounds);
            for (var i = 0; i < Rounds; i++)
            {
                await busy.SendMessageAsync("{\"ticket\":1}");
                var started = Stopwatch.GetTimestamp();
                var message = (await busy.ReceiveMessageAsync()).Value;
                await busy.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            samples.Sort();
            Console.WriteLine($"  backlog {size,6:N0} messages: receive+delete p50 {samples[Rounds / 2],7:0.0} ms, max {samples[^1],7:0.0} ms");
        }
        await busy.DeleteAsync();
        await backlog.DeleteAsync();
    }
}
