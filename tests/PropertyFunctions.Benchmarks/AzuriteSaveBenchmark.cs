using System.Diagnostics;
using Azure.Data.Tables;
using PropertyFunctions.LocalHost;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Benchmarks;

/// <summary>
/// The raw-SDK reproduction of the closed loop's remaining tail: no desk, only the Tables SDK against an Azurite with a data
/// directory (as the tests, the benchmarks and the local host run it). Azurite keeps its tables in a LokiJS database that it
/// saves to disk every few seconds while something changed; the save serialises the whole database on Azurite's single
/// thread, so every request waits for it, longer as the tables grow. A table is filled to a size, then one small write every
/// 100 ms keeps the database changing while a point read every 20 ms measures how long a request waits, for 20 seconds.
/// </summary>
public static class AzuriteSaveBenchmark
{
    private static readonly int[] Sizes = [0, 10_000, 30_000, 60_000];
    private static readonly TimeSpan Probe = TimeSpan.FromSeconds(20);

    public static async Task RunAsync(string[] args)
    {
        var directory = SharedAzurite.ScratchDirectory();
        try
        {
            await using var azurite = await Azurite.StartAsync(RepositoryPaths.Root(), directory, Azurite.FreePort(), Azurite.FreePort(), Azurite.FreePort(), _ => { });
            var table = new TableClient(azurite.ConnectionString, "Filled");
            await table.CreateAsync();
            await table.AddEntityAsync(new TableEntity("probe", "r"));
            Console.WriteLine($"Azurite's periodic save: a point read every 20 ms for {Probe.TotalSeconds:0} s while one write every 100 ms keeps the tables changing (raw SDK, no desk)");
            var stored = 0;
            foreach (var size in Sizes)
            {
                // Rows about the size of a ticket's (1 KB of text), 100 to a transaction, 16 partitions at a time.
                while (stored < size)
                {
                    var first = stored;
                    await Task.WhenAll(Enumerable.Range(0, 16).Select(p => table.SubmitTransactionAsync(Enumerable.Range(0, 100).Select(i =>
                        new TableTransactionAction(TableTransactionActionType.Add, new TableEntity($"p{first}-{p}", $"r{i:D3}") { ["Text"] = new string('x', 1000) })))));
                    stored += 1600;
                }
                var (p50, longest, stalls, spacing) = await ProbeAsync(table);
                Console.WriteLine($"  {stored,6:N0} rows: read p50 {p50,5:0.0} ms, longest {longest,6:0} ms; reads over 100 ms: {stalls,3}" +
                    (spacing is { } s ? $", stalls {s:0.0} s apart (median)" : ""));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(double P50, double Longest, int Stalls, double? Spacing)> ProbeAsync(TableClient table)
    {
        using var stop = new CancellationTokenSource(Probe);
        var writes = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await table.UpsertEntityAsync(new TableEntity("churn", "r") { ["N"] = i });
                await Task.Delay(100);
            }
        });
        var reads = new List<double>();
        var stallsAt = new List<double>();
        var clock = Stopwatch.StartNew();
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            await table.GetEntityAsync<TableEntity>("probe", "r");
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            reads.Add(ms);
            if (ms > 100 && (stallsAt.Count == 0 || clock.Elapsed.TotalSeconds - stallsAt[^1] > 0.5))
            {
                stallsAt.Add(clock.Elapsed.TotalSeconds);
            }
            await Task.Delay(20);
        }
        await writes;
        reads.Sort();
        var gaps = stallsAt.Zip(stallsAt.Skip(1), (a, b) => b - a).Order().ToList();
        return (reads[reads.Count / 2], reads[^1], reads.Count(r => r > 100), gaps.Count > 0 ? gaps[gaps.Count / 2] : null);
    }
}
