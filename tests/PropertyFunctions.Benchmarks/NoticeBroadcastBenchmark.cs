using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Api.Startup;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Notices;
using PropertyFunctions.Core.Residents;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Benchmarks;

/// <summary>
/// A notice to 10,000 households on Azurite: the time from publishing until every SMS is on the sms-send
/// queue, and the storage requests that took. The app's own services (AddPropertyFunctions) do the work; this
/// program plays the Functions host for the notice-fanout queue (receive up to 32, run 16 at a time, delete),
/// and nothing consumes sms-send, so the count of queued SMS can be checked at the end.
/// Options: --households N (default 10000), --buildings N (default 20), --per-minute N (default 600).
/// </summary>
public static class NoticeBroadcastBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var households = Option(args, "--households", 10_000);
        var buildings = Option(args, "--buildings", 20);
        var perMinute = Option(args, "--per-minute", 600);
        var prefix = "b" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = await SharedAzurite.GetConnectionStringAsync(),
            ["Storage:Prefix"] = prefix,
            ["Desk:TokenKey"] = TestDesk.TokenKey,
            ["Desk:Broadcast:PerMinute"] = perMinute.ToString(CultureInfo.InvariantCulture),
        }).Build();
        // Every storage request the app's clients send passes this policy (retries included).
        var counter = new StorageRequestCounter();
        var services = new ServiceCollection()
            .AddSingleton<global::Azure.Core.Pipeline.HttpPipelinePolicy>(counter)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole())
            .AddPropertyFunctions(configuration)
            .BuildServiceProvider();
        var storage = services.GetRequiredService<StorageClients>();
        await storage.EnsureCreatedAsync(CancellationToken.None);

        Console.WriteLine($"notice-broadcast: {households:N0} households in {buildings} buildings, throttle {perMinute}/min, Azurite (data in a scratch directory)");
        var seeding = Stopwatch.StartNew();
        await SeedAsync(services.GetRequiredService<IResidentDirectory>(), households, buildings);
        // One in ten households has opted out (as a whole), so the general notice has something to skip.
        var optOuts = services.GetRequiredService<IOptOuts>();
        await Parallel.ForEachAsync(Enumerable.Range(0, households).Where(i => i % 10 == 0), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, ct) => await optOuts.SetAsync(Phone(i), true, DateTimeOffset.UtcNow, ct));
        Console.WriteLine($"seeded {households:N0} residents and {households / 10:N0} opt-outs in {seeding.Elapsed.TotalSeconds:F1} s (not measured)");

        var ok = true;
        foreach (var type in new[] { NoticeTypes.Water, NoticeTypes.General })
        {
            ok &= await BroadcastOnceAsync(services, storage, counter, prefix, type, households, perMinute);
        }
        Environment.ExitCode = ok ? 0 : 1;
    }

    private static async Task<bool> BroadcastOnceAsync(IServiceProvider services, StorageClients storage, StorageRequestCounter counter,
        string prefix, string type, int households, int perMinute)
    {
        var smsQueue = storage.Queue(StorageNames.SmsSendQueue);
        await smsQueue.ClearMessagesAsync();
        var desk = services.GetRequiredService<NoticeDesk>();
        var broadcaster = services.GetRequiredService<NoticeBroadcaster>();
        var fanout = storage.Queue(StorageNames.NoticeFanoutQueue);

        counter.Reset();
        var clock = Stopwatch.StartNew();
        var outcome = await desk.CreateAsync(new NoticeDraft("bench-garden", type, "全小区停水", "二次供水水箱清洗，请提前储水。", null, true,
            null, null, true), "benchmark", requestKey: null, CancellationToken.None);
        var notice = ((NoticeOutcome.Done)outcome).Notice;
        var published = clock.Elapsed;
        // Play the host: receive up to 32, run 16 at a time (host.json batchSize), delete each when done.
        while (true)
        {
            var batch = (await fanout.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5))).Value;
            if (batch.Length == 0)
            {
                break;
            }
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (message, ct) =>
            {
                var parsed = System.Text.Json.JsonSerializer.Deserialize<NoticeFanoutMessage>(message.Body.ToString(), QueueWorkQueue.Json)!;
                await broadcaster.HandleAsync(parsed, ct);
                await fanout.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
            });
        }
        var elapsed = clock.Elapsed;
        var requests = counter.ByKind.ToDictionary(r => r.Key.Replace(prefix + "-", "", StringComparison.Ordinal).Replace(prefix, "", StringComparison.Ordinal), r => r.Value);

        var queued = (await smsQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        var detail = await desk.DetailAsync(notice.Community, notice.Id, CancellationToken.None);
        var counts = detail!.Value.Counts.Single();
        var total = requests.Values.Sum();
        Console.WriteLine();
        Console.WriteLine($"{type} notice {notice.Id} ({(NoticeTypes.IsSafety(type) ? "safety: opt-outs not consulted" : "opt-outs honoured")}):");
        Console.WriteLine($"  households {counts.Households:N0}, SMS queued {counts.Queued:N0} (sms-send holds {queued:N0}: {queued - counts.Queued:N0} duplicates from SDK retries), skipped {counts.Skipped:N0}");
        Console.WriteLine($"  published in {published.TotalMilliseconds:F0} ms; every SMS queued after {elapsed.TotalSeconds:F2} s ({counts.Queued / elapsed.TotalSeconds:F0} SMS/s)");
        Console.WriteLine($"  storage requests: {total:N0} ({(double)total / households:F2} per household)");
        foreach (var (what, n) in requests.OrderByDescending(r => r.Value))
        {
            Console.WriteLine($"    {n,7:N0}  {what}");
        }
        var spread = TimeSpan.FromMinutes((double)counts.Queued / perMinute);
        Console.WriteLine($"  the throttle spreads the sending over {spread.TotalMinutes:F1} min");
        // The queue may hold a few more than were queued: an SDK retry after a timed-out send that had in fact
        // succeeded adds a duplicate message, which is harmless (same SMS id, sent once).
        return counts.Queued + counts.Skipped == households && queued >= counts.Queued;
    }

    private static async Task SeedAsync(IResidentDirectory directory, int households, int buildings)
    {
        var perBuilding = (households + buildings - 1) / buildings;
        var residents = Enumerable.Range(0, households).Select(i => new Resident("bench-garden",
            new UnitAddress((i / perBuilding + 1).ToString(CultureInfo.InvariantCulture), ((i % perBuilding) / 100 + 1).ToString(CultureInfo.InvariantCulture),
                (i % 100 + 101).ToString(CultureInfo.InvariantCulture)),
            $"业主{i}", Phone(i), "zh-CN", ResidentRelations.Owner)).ToList();
        await Parallel.ForEachAsync(residents.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (chunk, ct) => await directory.ReplaceUnitsAsync(chunk, ct));
    }

    private static string Phone(int i) => "+86139" + i.ToString("D8", CultureInfo.InvariantCulture);

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }
}
