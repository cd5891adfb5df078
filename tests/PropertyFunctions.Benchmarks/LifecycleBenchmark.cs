using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.LocalHost;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Benchmarks;

/// <summary>
/// An ordinary ticket's whole life — submit, route, dispatch, accept by SMS, resolve in the console, rate by
/// SMS — counting every storage request (billable transaction) and SMS segment (targets in docs/architecture.md: ≤ 30 and ≤ 4).
/// Queue polls that found nothing are counted apart: they depend on the host's polling interval, not the ticket.
/// </summary>
public static class LifecycleBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var counter = new StorageRequestCounter();
        await using var desk = await TestDesk.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" },
            fakeTimeStart: new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero), services: s => s.AddSingleton<global::Azure.Core.Pipeline.HttpPipelinePolicy>(counter));
        var admin = desk.NewClient();
        await admin.PostAsJsonAsync("/.auth/login/dev", new { key = DevSignIn.DefaultKey, name = "admin", roles = new[] { "admin" } });
        using var roster = new StringContent("community,name,phone,department,role\nsunshine-garden,张师傅,13900000001,engineering,staff\nsunshine-garden,王主管,13900000004,service,supervisor\n",
            Encoding.UTF8, "text/csv");
        (await admin.PutAsync("/api/staff/roster", roster)).EnsureSuccessStatusCode();
        // The benchmark watches the SMS log through its own, uncounted client: its polling is not the ticket's cost.
        var watcher = Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(new Microsoft.Extensions.Configuration.ConfigurationBuilder(), new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = await SharedAzurite.GetConnectionStringAsync(),
            ["Storage:Prefix"] = desk.Prefix,
        }).Build();
        var watchingClients = new StorageClients(watcher);
        var log = new TableSmsLog(watchingClients, new TableTicketStore(watchingClients, TimeProvider.System));
        // A running desk has read its community and holds a block of ticket ids: one ticket before counting, as on any busy day.
        (await desk.Client.PostAsJsonAsync("/api/tickets", new
        {
            community = "sunshine-garden", kind = "repair", building = "1", room = "101", name = "王女士", phone = "13800138001", description = "1号楼大堂的灯不亮",
        })).EnsureSuccessStatusCode();
        await Task.Delay(3000); // let start-up work and that ticket's routing settle before counting
        counter.Reset();

        var receipt = JsonDocument.Parse(await (await desk.Client.PostAsJsonAsync("/api/tickets", new
        {
            community = "sunshine-garden", kind = "repair", building = "5", room = "302", name = "李先生", phone = "13800138000",
            description = "5号楼门口的路灯坏了好几天",
        })).Content.ReadAsStringAsync()).RootElement;
        var id = receipt.GetProperty("id").GetString()!;
        var submit = counter.Total;
        // What each step cost: the work counted so far, less what the earlier steps took.
        var phases = new List<(string Step, long Requests, string Kinds)>();
        var seen = new Dictionary<string, long>();
        void Step(string name)
        {
            // Which requests the step made (queue receives include empty polls, so they are left out of the list).
            var kinds = counter.ByKind.Where(k => !k.Key.StartsWith("queue GET", StringComparison.Ordinal) && k.Value > seen.GetValueOrDefault(k.Key))
                .Select(k => $"{k.Key.Split(' ')[1]} {k.Key.Split(' ')[^1].Replace(desk.Prefix, "", StringComparison.Ordinal).TrimStart('-')} {k.Value - seen.GetValueOrDefault(k.Key)}");
            phases.Add((name, counter.Total - counter.IdlePolls - phases.Sum(p => p.Requests), string.Join(", ", kinds)));
            foreach (var (k, v) in counter.ByKind)
            {
                seen[k] = v;
            }
        }
        Step("submit");
        await WaitForSmsAsync(log, id, "dispatch");
        await Task.Delay(500); // routing stores the dispatch just after its SMS
        Step("route: acknowledge and dispatch");
        await Sms(desk, "+8613900000001", $"JD {id}");
        await WaitForSmsAsync(log, id, "accepted");
        await Task.Delay(500);
        Step("accept by SMS reply");
        var staff = desk.NewClient();
        await staff.PostAsJsonAsync("/.auth/login/dev", new { key = DevSignIn.DefaultKey, name = "张师傅", roles = new[] { "staff" } });
        var view = await staff.GetAsync($"/api/staff/tickets/{id}");
        using var resolve = new HttpRequestMessage(HttpMethod.Post, $"/api/staff/tickets/{id}/actions") { Content = JsonContent.Create(new { action = "resolve" }) };
        resolve.Headers.TryAddWithoutValidation("If-Match", view.Headers.ETag!.ToString());
        (await staff.SendAsync(resolve)).EnsureSuccessStatusCode();
        await WaitForSmsAsync(log, id, "resolved");
        await Task.Delay(500);
        Step("console: view, then resolve");
        await Sms(desk, "+8613800138000", "5");
        await Task.Delay(1500);
        Step("rate by SMS reply");

        var sms = await log.ForGroupAsync(id, CancellationToken.None);
        var work = counter.Total - counter.IdlePolls;
        Console.WriteLine($"An ordinary ticket's life ({id}): submit, route, dispatch, SMS accept, console resolve (with a read), SMS rating");
        Console.WriteLine($"  storage requests: {work} for the ticket (submit alone {submit}); empty queue polls apart: {counter.IdlePolls}");
        foreach (var (step, n, kinds) in phases)
        {
            Console.WriteLine($"    {step,-32} {n,3}: {kinds}");
        }
        Console.WriteLine("  by kind (empty polls included):");
        foreach (var (kind, n) in counter.ByKind.OrderBy(k => k.Key))
        {
            Console.WriteLine($"    {kind,-20} {n}");
        }
        Console.WriteLine($"  SMS: {sms.Count} messages, {sms.Sum(s => s.Segments)} segments ({string.Join(", ", sms.Select(s => $"{s.Purpose} {s.Segments}"))})");
    }

    /// <summary>An inbound SMS as Event Grid puts it on the sms-events queue, run through the SmsEvents Function now.</summary>
    private static Task Sms(TestDesk desk, string from, string text) =>
        desk.RunFunctionAsync("SmsEvents", JsonSerializer.Serialize(new
        {
            id = Guid.NewGuid().ToString(), eventType = "Microsoft.Communication.SMSReceived", subject = "/phonenumber/18005550100",
            eventTime = "2026-11-28T02:10:00Z", dataVersion = "1.0", metadataVersion = "1",
            data = new { MessageId = "m", From = from, To = "+18005550100", Message = text },
        }));

    private static Task<IReadOnlyList<SmsRecord>> WaitForSmsAsync(TableSmsLog log, string id, string purpose) =>
        TestDesk.EventuallyAsync(() => log.ForGroupAsync(id, CancellationToken.None),
            l => l.Any(s => s.Purpose == purpose && s.Status == SmsStatuses.Sent), TimeSpan.FromSeconds(30));
}
