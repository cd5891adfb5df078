using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Routing;
using PropertyFunctions.LocalHost;
using PropertyFunctions.Testing;
using Xunit.Abstractions;

namespace PropertyFunctions.Integration.Tests;

/// <summary>
/// A quality target (docs/architecture.md): no ticket lost and no SMS sent twice when storage restarts mid-load. Owners keep submitting
/// (retrying with their Idempotency-Key, as the web form does) while Azurite is stopped and started again
/// on the same ports and data; afterwards every owner has exactly one ticket, every ticket was routed, and
/// every SMS reached the provider once.
/// </summary>
public sealed class StorageRestartTests(ITestOutputHelper output)
{
    private const int Owners = 24;
    private int _retries;

    [Fact]
    public async Task Tickets_and_sms_survive_a_storage_restart_mid_load_without_duplicates()
    {
        var root = RepositoryPaths.Root();
        var data = Directory.CreateTempSubdirectory("pf-azurite-");
        var (blob, queue, table) = (Azurite.FreePort(), Azurite.FreePort(), Azurite.FreePort());
        var azurite = await Azurite.StartAsync(root, data.FullName, blob, queue, table, Console.Error.WriteLine);
        await using var acs = await FakeAcsSmsServer.StartAsync();
        TestDesk? desk = null;
        try
        {
            desk = await TestDesk.StartAsync(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["Desk:RateLimits:PerAddressPerHour"] = "1000",
                ["Sms:Provider"] = "acs",
                ["Sms:ConnectionString"] = acs.ConnectionString,
                ["Sms:From"] = "+18005550100",
            }, fakeTimeStart: new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero)); // 10:00 in Shanghai: dispatched at once
            acs.Time = desk.Time!;
            await StaffClients.ImportRosterAsync(desk);

            // Half the owners submit; once a few have their answer, storage goes down with the rest in flight.
            var answered = 0;
            var firstAnswers = new TaskCompletionSource();
            Task<string> Submit(int owner) => Task.Run(async () =>
            {
                var id = await SubmitUntilAnsweredAsync(desk.Client, owner);
                if (Interlocked.Increment(ref answered) == Owners / 4)
                {
                    firstAnswers.TrySetResult();
                }
                return id;
            });
            var submissions = Enumerable.Range(0, Owners / 2).Select(Submit).ToList();
            await firstAnswers.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await azurite.StopGracefullyAsync();
            await azurite.DisposeAsync();

            // The other half submit while it is down: the API answers 503 once its storage retries give up, and the
            // owners' pages try again with the same key. Storage comes back only after that has happened.
            submissions.AddRange(Enumerable.Range(Owners / 2, Owners / 2).Select(Submit));
            await TestDesk.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref _retries)), r => r > 0, TimeSpan.FromSeconds(60));
            Assert.True(_retries > 0, "no owner saw the outage");
            azurite = await Azurite.StartAsync(root, data.FullName, blob, queue, table, Console.Error.WriteLine);
            var ids = await Task.WhenAll(submissions);
            output.WriteLine($"{Owners} owners answered; {_retries} submissions were retried across the restart");

            Assert.Equal(Owners, ids.Distinct().Count());
            var stored = new List<string>();
            await foreach (var row in desk.Storage.Table("Tickets").QueryAsync<TableEntity>("Type eq 'T'", select: ["RowKey"]))
            {
                stored.Add(row.RowKey);
            }
            Assert.Equal(ids.Order(), stored.Order());

            // A route message taken from the queue just before storage went down, whose handler then failed, cannot be
            // handed back: it stays invisible until its lease ends (minutes). The net for it is ServiceLevelWatch's sweep
            // of tickets left in 'received', run here as its timer would five minutes on. An SMS sent just before the
            // outage may have lost its "sent" record: its claim is taken over once stale (SmsSender.StaleClaim), and the
            // retry carries the same repeatability id, so the provider delivers it once.
            desk.Time!.Advance(TimeSpan.FromMinutes(5));
            Assert.True(TimeSpan.FromMinutes(5) > SmsSender.StaleClaim && TimeSpan.FromMinutes(5) > UnroutedSweep.Grace);
            await desk.Services.GetRequiredService<UnroutedSweep>().RunAsync(CancellationToken.None);

            // Every ticket is routed and its owner acknowledged; every dispatch goes out; nothing twice. Wait for the
            // acknowledgement by name: when storage failed as routing claimed the SMS, they all went to the sms-send queue, whose
            // trigger may take the dispatches in one poll and the acknowledgement in the next.
            var log = desk.Services.GetRequiredService<ISmsLog>();
            foreach (var id in ids)
            {
                var sms = await TestDesk.EventuallyAsync(() => log.ForGroupAsync(id, CancellationToken.None),
                    l => l.Any(s => s.Purpose == "ack") && l.Any(s => s.Purpose == "dispatch") && l.All(s => s.Status == SmsStatuses.Sent),
                    TimeSpan.FromSeconds(180));
                if (!sms.Any(s => s.Purpose == "ack"))
                {
                    // Say what the ticket went through, for whoever looks next.
                    var record = await desk.Services.GetRequiredService<PropertyFunctions.Core.Tickets.ITicketStore>().GetRecordAsync("sunshine-garden", id, CancellationToken.None);
                    output.WriteLine($"{id} has no ack; status {record?.Ticket.Value.Status}, routed {record?.Ticket.Value.RoutedAt:o}; history:");
                    foreach (var h in record?.History ?? [])
                    {
                        output.WriteLine($"  {h.Sequence} {h.At:o} {h.Actor} {h.Channel} {h.To} {h.Note}");
                    }
                    output.WriteLine("delivered: " + string.Join(" | ", acs.Delivered.Where(d => d.Message.Contains(id, StringComparison.Ordinal)).Select(d => d.To + " " + d.Message)));
                }
                Assert.Contains(sms, s => s.Purpose == "ack" && s.Status == SmsStatuses.Sent);
                Assert.Contains(sms, s => s.Purpose == "dispatch" && s.Status == SmsStatuses.Sent);
            }
            var delivered = acs.Delivered;
            Assert.All(delivered.GroupBy(d => (d.To, d.Message)), g => Assert.Single(g));
            Assert.All(ids, id => Assert.Single(delivered, d => d.To == Phone(Array.IndexOf(ids, id)) && d.Message.Contains(id, StringComparison.Ordinal)));
        }
        finally
        {
            if (desk is not null)
            {
                await desk.DisposeAsync();
            }
            await azurite.DisposeAsync();
            data.Delete(recursive: true);
        }
    }

    // Owners on 137…, apart from the roster's staff on 139….
    private static string Phone(int owner) => $"+86137{owner:D8}";

    /// <summary>As the web form: the same Idempotency-Key until the API gives an answer that is not "try again".</summary>
    private async Task<string> SubmitUntilAnsweredAsync(HttpClient client, int owner)
    {
        var key = Guid.NewGuid().ToString();
        var body = PropertyFunctions.Integration.Tests.Owners.Repair($"{owner + 1}号楼楼道灯不亮", Phone(owner));
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            try
            {
                using var response = await PropertyFunctions.Integration.Tests.Owners.SubmitAsync(client, body, key);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
                }
                Assert.True(response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.Conflict or HttpStatusCode.InternalServerError,
                    $"owner {owner}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            catch (HttpRequestException)
            {
                // The connection failed: the form keeps the answers and tries again with the same key.
            }
            Interlocked.Increment(ref _retries);
            Assert.True(DateTime.UtcNow < deadline, $"owner {owner} never got an answer");
            await Task.Delay(200);
        }
    }
}
