using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Fees;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.LocalHost;

namespace PropertyFunctions.Benchmarks;

/// <summary>
/// Loads N units (default 100,000) with a realistic ledger into a fresh in-memory Azurite, then times one
/// FeeReminders run through the real Table/Queue adapters: wall time, memory, storage requests.
/// Steady state (default): units billed on different days; earlier stages were sent by earlier runs and are
/// on the ledger, so today's run sends only the stages crossed today. <c>--cold</c>: nothing sent before
/// (the first run after a first import), every unpaid fee at a stage is reminded.
/// </summary>
public static class FeeRemindersBenchmark
{
    private const int UnitsPerCommunity = 5000;
    private const string Time = "2026-12-10T02:00:00Z"; // 10:00 in Shanghai

    public static async Task RunAsync(string[] args)
    {
        var units = args.SkipWhile(a => a != "--units").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(100_000);
        var cold = args.Contains("--cold");
        var now = DateTimeOffset.Parse(Time, CultureInfo.InvariantCulture);

        await using var azurite = await Azurite.StartAsync(RepositoryPaths.Root(), dataDirectory: null,
            Azurite.FreePort(), Azurite.FreePort(), Azurite.FreePort(), Console.Error.WriteLine);
        var counter = new RequestCounter();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
        }).Build();
        var storage = new StorageClients(configuration, counter);
        await storage.EnsureCreatedAsync(CancellationToken.None);

        var desk = new DeskOptions { PaymentInstructions = "物业服务中心前台或“阳光物业”公众号" };
        var policy = new FeeReminderPolicy(FeeReminderOptions.ParseStages(desk.FeeReminders.Stages)!, desk.Zone());
        var ledger = new TableFeeLedger(storage);

        var load = Stopwatch.StartNew();
        var loaded = await LoadAsync(storage, ledger, policy, units, now, cold);
        Console.WriteLine($"Loaded {units:N0} units: {loaded.Fees:N0} fee rows, {loaded.Residents:N0} residents, {loaded.OptOuts:N0} opt-outs in {load.Elapsed.TotalSeconds:F1} s");

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        counter.Reset();
        using var process = Process.GetCurrentProcess();
        var baseline = process.WorkingSet64;
        var run = new FeeReminderRun(ledger, new TableResidentDirectory(storage), new TableOptOuts(storage, new PersonalHash(new byte[32])), new QueueWorkQueue(storage),
            new SmsComposer(desk), new TableCheckpoints(storage), desk, new FakeTimeProvider(now), NullLogger<FeeReminderRun>.Instance);

        long peakWorkingSet = baseline, peakHeap = GC.GetTotalMemory(false);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                await Task.Delay(20);
            }
        });
        var gcBefore = GC.CollectionCount(0);
        var watch = Stopwatch.StartNew();
        var summary = await run.RunAsync(CancellationToken.None);
        watch.Stop();
        await sampling.CancelAsync();
        await sampler;
        process.Refresh();

        var queued = (await storage.Queue(StorageNames.SmsSendQueue).GetPropertiesAsync()).Value.ApproximateMessagesCount;
        var pages = (loaded.Fees + 999) / 1000 + (loaded.Residents + 999) / 1000;
        Console.WriteLine($"FeeReminders ({(cold ? "cold: nothing sent before" : "steady state")}) over {summary.Units:N0} units: {summary.Result}");
        Console.WriteLine($"  wall time          {watch.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"  reminders queued   {summary.Sent:N0} (sms-send holds {queued:N0}); capped {summary.Capped:N0}, opted out {summary.OptedOut:N0}, no contact {summary.NoContact:N0}");
        Console.WriteLine($"  storage requests   {counter}");
        Console.WriteLine($"                     = {counter.TableReads:N0} query pages for ~{pages:N0} pages of 1,000 rows; writes {counter.TableBatches + counter.TableOther:N0} and queue {counter.Queue:N0} grow with reminders sent");
        Console.WriteLine($"  working set        baseline {Mb(baseline)}, peak during run {Mb(peakWorkingSet)}, process peak (incl. load) {Mb(process.PeakWorkingSet64)}");
        Console.WriteLine($"  managed heap       peak {Mb(peakHeap)}, gen0 GCs {GC.CollectionCount(0) - gcBefore}");
    }

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024.0):F0} MB";

    private sealed record Loaded(int Fees, int Residents, int OptOuts);

    /// <summary>Writes the ledger and residents community by community in batches of 100 (one partition each), a few communities at a time.</summary>
    private static async Task<Loaded> LoadAsync(StorageClients storage, TableFeeLedger ledger, FeeReminderPolicy policy, int units, DateTimeOffset now, bool cold)
    {
        var today = policy.LocalDate(now);
        var communities = (units + UnitsPerCommunity - 1) / UnitsPerCommunity;
        int fees = 0, residents = 0, optOuts = 0;
        var owners = storage.Table("Owners");
        var optOutTable = storage.Table("OptOuts");
        await Parallel.ForEachAsync(Enumerable.Range(0, communities), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (c, ct) =>
        {
            var community = $"community-{c:D3}";
            var count = Math.Min(UnitsPerCommunity, units - c * UnitsPerCommunity);
            var random = new Random(c);
            var feeChunk = new List<FeeEntry>();
            var history = new List<FeeEntry>();
            var people = new List<TableTransactionAction>();
            for (var i = 0; i < count; i++)
            {
                // 20 buildings × 5 units × 50 rooms per community.
                var unit = new UnitAddress($"{i / 250 + 1}", $"{i / 50 % 5 + 1}", $"{i % 50 / 2 + 1}{i % 2 + 1:D2}");
                var key = $"{unit.Building}|{unit.Unit}|{unit.Room}";
                var phone = $"+86138{c:D3}{i:D5}";
                people.Add(Person(community, unit, key, phone, random.Next(10) == 0 ? "en" : "zh-CN", "owner", "业主"));
                if (random.Next(5) == 0)
                {
                    people.Add(Person(community, unit, key, $"+86139{c:D3}{i:D5}", "zh-CN", "tenant", "租户"));
                }
                if (random.Next(100) == 0)
                {
                    await optOutTable.UpsertEntityAsync(new TableEntity(phone, "") { ["At"] = now.AddDays(-30) }, cancellationToken: ct);
                    Interlocked.Increment(ref optOuts);
                }
                // Contracts start on different days, so due dates spread over the last six weeks and the next ten days.
                var due = today.AddDays(10 - random.Next(56));
                feeChunk.Add(Fee(community, unit, FeeTypes.Property, due, 260m + random.Next(4) * 40m, random));
                if (random.Next(10) < 3)
                {
                    feeChunk.Add(Fee(community, unit, FeeTypes.Parking, due, 300m, random));
                }
                if (people.Count >= 99) // a batch holds at most 100, and a unit adds up to two
                {
                    Interlocked.Add(ref residents, people.Count);
                    await SubmitAsync(owners, people, ct);
                }
                if (feeChunk.Count >= 500)
                {
                    Interlocked.Add(ref fees, await WriteFeesAsync(ledger, community, feeChunk, history, policy, now, cold, ct));
                }
            }
            Interlocked.Add(ref residents, people.Count);
            await SubmitAsync(owners, people, ct);
            Interlocked.Add(ref fees, await WriteFeesAsync(ledger, community, feeChunk, history, policy, now, cold, ct));
        });
        return new Loaded(fees, residents, optOuts);
    }

    private static FeeEntry Fee(string community, UnitAddress unit, string type, DateOnly due, decimal amount, Random random)
    {
        // About two in three pay on time, a few pay part.
        var roll = random.Next(100);
        var paid = roll < 65 ? amount : roll < 70 ? amount / 2 : 0m;
        return new FeeEntry(community, unit, type, "2026-11", amount, due, paid);
    }

    private static async Task<int> WriteFeesAsync(TableFeeLedger ledger, string community, List<FeeEntry> chunk, List<FeeEntry> history,
        FeeReminderPolicy policy, DateTimeOffset now, bool cold, CancellationToken ct)
    {
        await ledger.UpsertAsync(chunk, ct);
        if (!cold)
        {
            // Steady state: earlier runs sent the stages whose day has passed, each on its day at 10:00.
            foreach (var fee in chunk.Where(f => !f.IsPaid))
            {
                var sent = new List<FeeReminder>();
                foreach (var stage in policy.StageDays)
                {
                    var day = fee.DueDate.AddDays(stage);
                    var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));
                    if (at < now.AddHours(-1) && (sent.Count == 0 || at - sent[^1].At >= FeeReminderPolicy.MinimumGap))
                    {
                        sent.Add(new FeeReminder(FeeReminderPolicy.StageName(stage), at, "+8613800000000", "业主"));
                    }
                }
                if (sent.Count > 0)
                {
                    history.Add(fee with { Reminders = sent });
                }
            }
            await ledger.RecordRemindersAsync(community, history, ct);
        }
        var written = chunk.Count;
        chunk.Clear();
        history.Clear();
        return written;
    }

    private static TableTransactionAction Person(string community, UnitAddress unit, string key, string phone, string language, string relation, string name) =>
        new(TableTransactionActionType.UpsertReplace, new TableEntity(community, $"{key}|{phone}")
        {
            ["Building"] = unit.Building,
            ["Unit"] = unit.Unit,
            ["Room"] = unit.Room,
            ["Name"] = name,
            ["Phone"] = phone,
            ["Language"] = language,
            ["Relation"] = relation,
        });

    private static async Task SubmitAsync(TableClient table, List<TableTransactionAction> actions, CancellationToken ct)
    {
        if (actions.Count > 0)
        {
            await table.SubmitTransactionAsync(actions, ct);
            actions.Clear();
        }
    }
}
