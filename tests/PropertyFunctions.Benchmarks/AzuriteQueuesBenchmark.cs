using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using PropertyFunctions.LocalHost;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Benchmarks;

/// <summary>
/// The raw-SDK reproduction of the submit benchmark's stalls: no desk, only the Storage SDKs against Azurite.
/// One queue holds a single message that is received and deleted over and over (what a trigger does); beside it another
/// queue holds a growing backlog nobody touches. In Azure the backlog would not matter. In Azurite every receive, delete and
/// update first runs <c>clearExpiredMessages</c>, whose <c>remove([])</c> makes LokiJS rebuild all four indexes of the one
/// collection that holds every message of every queue (<c>removeBatchByPositions</c> → <c>ensureAllIndexes(true)</c>): a
/// sort of the whole backlog per operation, on Azurite's single thread, while every other request waits.
/// <para>
/// Then the pause: with in-memory persistence every message is an extent of its own, and once a minute the queue GC removes
/// the spent ones one by one, each removal again rebuilding every index of the extent collection: quadratic in the messages
/// that went through since the last sweep. The second part pushes messages through a queue (send, receive, delete, as a
/// trigger does) and then reads one table entity every 100 ms for 65 seconds, once against an in-memory Azurite and once
/// against one with a data directory (where messages share extent files), and reports the longest read: the stall.
/// </para>
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

        var messages = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 3000;
        Console.WriteLine($"Azurite's queue GC: {messages:N0} messages sent, received and deleted, then a table read every 100 ms for 65 s");
        foreach (var inMemory in new[] { true, false })
        {
            var directory = inMemory ? null : SharedAzurite.ScratchDirectory();
            await using (var azurite = await Azurite.StartAsync(RepositoryPaths.Root(), directory, Azurite.FreePort(), Azurite.FreePort(), Azurite.FreePort(), _ => { }))
            {
                var (longest, over1s) = await GcPauseAsync(azurite.ConnectionString, messages);
                Console.WriteLine($"  {(inMemory ? "in-memory persistence" : "data directory      ")}: longest read {longest,8:N0} ms; reads over 1 s: {over1s}");
            }
            if (directory is not null)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static async Task<(double Longest, int Over1s)> GcPauseAsync(string connection, int messages)
    {
        var queue = new QueueClient(connection, "through");
        var table = new TableClient(connection, "Probe");
        await queue.CreateAsync();
        await table.CreateAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < messages)
            {
                await queue.SendMessageAsync("{\"ticket\":1}");
                var message = (await queue.ReceiveMessageAsync()).Value;
                if (message is not null)
                {
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }
        }));
        var longest = 0.0;
        var over = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(65))
        {
            var started = Stopwatch.GetTimestamp();
            await table.GetEntityAsync<TableEntity>("p", "r");
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            longest = Math.Max(longest, ms);
            over += ms > 1000 ? 1 : 0;
            await Task.Delay(100);
        }
        return (longest, over);
    }
}
