using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Routing;
using PropertyFunctions.Core.Tickets;
using PropertyFunctions.Testing;
using Xunit.Abstractions;

namespace PropertyFunctions.Integration.Tests;

/// <summary>The abuse findings, tried as an attacker would, each with the fix that keeps it closed.</summary>
public sealed class AbuseTests(ITestOutputHelper output) : IAsyncLifetime
{
    // Tuesday 1 December 2026, 14:00 in Shanghai: office hours.
    private static readonly DateTimeOffset Afternoon = new(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);
    private const string Supervisor = "+8613900000004";
    private TestDesk _desk = null!;

    public async Task InitializeAsync()
    {
        _desk = await TestDesk.StartAsync(fakeTimeStart: Afternoon);
        await StaffClients.ImportRosterAsync(_desk);
    }

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private ISmsLog SmsLog => _desk.Services.GetRequiredService<ISmsLog>();
    private ITicketStore Tickets => _desk.Services.GetRequiredService<ITicketStore>();

    private static JsonObject Emergency(string phone, string building = "5") => new()
    {
        ["community"] = "sunshine-garden", ["kind"] = "repair", ["emergency"] = true, ["building"] = building, ["room"] = "302", ["name"] = "某人",
        ["phone"] = phone, ["description"] = "着火了！",
    };

    private async Task<HttpResponseMessage> SubmitAsync(JsonObject body, string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Forwarded-For", address);
        return await _desk.Client.SendAsync(request);
    }

    /// <summary>All SMS in the log with one purpose, whatever their ticket, in both its places (table scans: tests only).</summary>
    private async Task<List<TableEntity>> SmsAsync(string purpose)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _desk.Storage.Table("SmsLog").QueryAsync<TableEntity>(e => e.GetString("Purpose") == purpose))
        {
            rows.Add(row);
        }
        await foreach (var row in _desk.Storage.Table("Tickets").QueryAsync<TableEntity>(SmsRows.InTickets(TableClient.CreateQueryFilter($"Purpose eq {purpose}"))))
        {
            rows.Add(row);
        }
        return rows;
    }

    private async Task<List<Ticket>> TicketsAsync(Func<Ticket, bool> where)
    {
        var list = new List<Ticket>();
        await foreach (var t in Tickets.ScanActiveAsync(CancellationToken.None))
        {
            if (where(t.Value))
            {
                list.Add(t.Value);
            }
        }
        return list;
    }

    [Fact]
    public async Task A_thousand_emergencies_from_one_address_with_a_thousand_numbers_send_three_acknowledgements_and_a_bounded_number_of_pages()
    {
        const int Attempts = 1000;
        var watch = Stopwatch.StartNew();
        var statuses = new int[Attempts];
        await Parallel.ForEachAsync(Enumerable.Range(0, Attempts), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            using var response = await SubmitAsync(Emergency($"1380000{i:D4}"), "203.0.113.7");
            statuses[i] = (int)response.StatusCode;
        });
        Assert.All(statuses, s => Assert.Equal(201, s)); // emergencies are never refused: every one is stored for staff

        var routed = await TestDesk.EventuallyAsync(() => TicketsAsync(t => t.Emergency && t.RoutedAt is not null), l => l.Count == Attempts,
            TimeSpan.FromMinutes(3));
        Assert.Equal(Attempts, routed.Count);
        Assert.Equal(Attempts - 3, routed.Count(t => t.SmsHeld));
        // Let the SMS queue drain, then count what went out.
        var acks = await TestDesk.EventuallyAsync(() => SmsAsync("ack"), l => l.Count == 3 && l.All(r => r.GetString("Status") == SmsStatuses.Sent),
            TimeSpan.FromSeconds(60));
        var pages = await SmsAsync("dispatch");
        output.WriteLine($"{Attempts} emergencies in {watch.Elapsed.TotalSeconds:F0} s: {acks.Count} acknowledgements, {pages.Count} pages to staff");
        Assert.Equal(3, acks.Count);
        // The first emergency pages the on-call staff, security and the duty supervisor (4 people); the two after it, from the
        // same building inside the window, wait for one gathered page: at most 4 + 4 staff SMS for a thousand submissions.
        Assert.Equal(4, pages.Count);
        await _desk.RunFunctionAsync("RouteTicket", JsonSerializer.Serialize(new RouteMessage("sunshine-garden", "", "5"), QueueWorkQueue.Json));
        var batch = await TestDesk.EventuallyAsync(() => SmsAsync("batch-" + Afternoon.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture)),
            l => l.Count == 4);
        Assert.Equal(4, batch.Count);
        Assert.All(batch, b => Assert.Contains("另有2宗紧急报事", b.GetString("Text"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_building_is_paged_once_a_window_and_the_gathered_emergencies_go_out_as_one_page_at_its_end()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(Emergency($"1390001{i:D4}", "7"), $"198.51.100.{i + 1}")).StatusCode);
        }
        var routed = await TestDesk.EventuallyAsync(() => TicketsAsync(t => t.Address.Building == "7" && t.RoutedAt is not null), l => l.Count == 3);
        Assert.All(routed, t => Assert.False(t.SmsHeld));
        var pages = await TestDesk.EventuallyAsync(() => SmsAsync("dispatch"), l => l.Count == 4);
        Assert.Equal(4, pages.Count); // the first emergency only
        Assert.Equal(3, (await TestDesk.EventuallyAsync(() => SmsAsync("ack"), l => l.Count == 3)).Count); // every owner is acknowledged

        // The window's end (the router's delayed message): one page lists the other two; a redelivery sends nothing more.
        var end = JsonSerializer.Serialize(new RouteMessage("sunshine-garden", "", "7"), QueueWorkQueue.Json);
        await _desk.RunFunctionAsync("RouteTicket", end);
        await _desk.RunFunctionAsync("RouteTicket", end);
        var batch = await TestDesk.EventuallyAsync(() => SmsAsync("batch-" + Afternoon.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture)),
            l => l.Count == 4 && l.All(r => r.GetString("Status") == SmsStatuses.Sent));
        Assert.Equal(4, batch.Count);
        var later = routed.Where(t => batch[0].GetString("Text")!.Contains(t.Id, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, later.Count);
    }

    [Fact]
    public async Task Past_the_communitys_hourly_budget_owner_sms_are_held_and_the_supervisor_is_told_once()
    {
        using var admin = await StaffClients.SignInAsync(_desk, "管理员", "admin");
        var (current, etag) = await CommunityAsync(admin);
        current["smsPerHour"] = 5;
        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/staff/communities/sunshine-garden") { Content = JsonContent.Create(current) };
        put.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(put)).StatusCode);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(Owners.Repair("楼道灯不亮", $"1370000{i:D4}"), $"192.0.2.{i + 1}")).StatusCode);
        }
        var acks = await TestDesk.EventuallyAsync(() => SmsAsync("ack"), l => l.Count == 10 && l.All(r => SmsStatuses.IsFinal(r.GetString("Status"))));
        Assert.Equal(5, acks.Count(r => r.GetString("Status") == SmsStatuses.Sent));
        Assert.Equal(5, acks.Count(r => r.GetString("Status") == SmsStatuses.Held && r.GetString("Error")!.Contains("budget", StringComparison.Ordinal)));
        var alarms = await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync("budget:sunshine-garden", CancellationToken.None), l => l.Count > 0);
        Assert.Equal(Supervisor, Assert.Single(alarms).To);
        // Staff work is not an owner SMS: every repair was still dispatched.
        Assert.True((await TestDesk.EventuallyAsync(() => SmsAsync("dispatch"), l => l.Count >= 10)).Count >= 10);
    }

    [Fact]
    public async Task A_phone_that_opted_out_gets_no_acknowledgement_but_its_repair_is_still_dispatched()
    {
        await EventGrid.DeliverAsync(_desk, EventGrid.SmsReceived("+8613600001111", "TD"));
        var receipt = await Owners.JsonAsync(await SubmitAsync(Owners.Repair("水龙头漏水", "13600001111"), "192.0.2.200"));
        var id = receipt.GetProperty("id").GetString()!;
        var sms = await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(id, CancellationToken.None),
            l => l.Any(s => s.Purpose == "ack" && SmsStatuses.IsFinal(s.Status)) && l.Any(s => s.Purpose == "dispatch" && s.Status == SmsStatuses.Sent));
        var ack = Assert.Single(sms, s => s.Purpose == "ack");
        Assert.Equal((SmsStatuses.Held, SmsHoldReasons.OptedOut), (ack.Status, ack.Error));
        // The opt-out's own confirmation did go out.
        Assert.Equal(SmsStatuses.Sent, Assert.Single(await SmsLog.ForGroupAsync("optout", CancellationToken.None)).Status);
    }

    /// <summary>Found 2: "王{女士" once broke routing for good. By property: any owner text in every owner field is routed and texted as data.</summary>
    [Fact]
    public async Task Braces_dollars_and_any_unicode_in_every_owner_field_are_routed_and_texted_as_written()
    {
        var random = new Random(1202);
        string[] pieces = ["{", "}", "{0}", "{{", "$", "${id}", "${code}", "{site}", "王", "女士", "😀", "\u202E", "%s", "\\n", "<b>", "'", "3栋", "电梯"];
        string Text(int max) => string.Concat(Enumerable.Range(0, random.Next(1, max)).Select(_ => pieces[random.Next(pieces.Length)]));
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var body = Owners.Repair("漏水" + Text(20), $"1350000{i:D4}");
            body["name"] = Text(8);
            body["building"] = Text(4);
            body["unit"] = Text(3);
            body["room"] = Text(4);
            body["preferredTime"] = Text(10);
            using var response = await SubmitAsync(body, $"192.0.2.{100 + i}");
            if (response.StatusCode == HttpStatusCode.Created)
            {
                ids.Add((await Owners.JsonAsync(response)).GetProperty("id").GetString()!);
            }
            else
            {
                // Only a field over its length may refuse it; never a 5xx.
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            }
        }
        Assert.True(ids.Count >= 8, $"only {ids.Count} accepted");
        foreach (var id in ids)
        {
            var sms = await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(id, CancellationToken.None),
                l => l.Any(s => s.Purpose == "ack" && s.Status == SmsStatuses.Sent) && l.Any(s => s.Purpose == "dispatch" && s.Status == SmsStatuses.Sent));
            Assert.Contains(sms, s => s.Purpose == "dispatch" && s.Status == SmsStatuses.Sent);
            await Settled.AfterSmsAsync(_desk, id, "dispatch");
            var ticket = (await Tickets.GetAsync("sunshine-garden", id, CancellationToken.None))!.Value;
            Assert.Equal(TicketStatuses.Dispatched, ticket.Status);
            Assert.Contains(ticket.Address.ToString()[..Math.Min(4, ticket.Address.ToString().Length)], sms.First(s => s.Purpose == "dispatch").Text, StringComparison.Ordinal);
        }
        var poison = _desk.Storage.Queue(StorageNames.TicketRouteQueue + StorageNames.PoisonSuffix);
        Assert.Empty((await poison.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task Only_the_staff_a_ticket_was_dispatched_to_and_the_duty_supervisor_can_act_on_it_by_sms()
    {
        var receipt = await Owners.JsonAsync(await SubmitAsync(Owners.Repair("楼道灯不亮", "13400001111"), "192.0.2.201"));
        var id = receipt.GetProperty("id").GetString()!;
        var dispatched = await TestDesk.EventuallyAsync(() => Tickets.GetAsync("sunshine-garden", id, CancellationToken.None),
            t => t?.Value.Status == TicketStatuses.Dispatched);
        Assert.DoesNotContain("+8613900000006", dispatched!.Value.DispatchedTo); // the cleaner was not sent this repair
        await EventGrid.DeliverAsync(_desk, EventGrid.SmsReceived("+8613900000006", "JD " + id));
        Assert.Equal(TicketStatuses.Dispatched, (await Tickets.GetAsync("sunshine-garden", id, CancellationToken.None))!.Value.Status);

        await EventGrid.DeliverAsync(_desk, EventGrid.SmsReceived(Supervisor, "JD " + id));
        var accepted = (await Tickets.GetAsync("sunshine-garden", id, CancellationToken.None))!.Value;
        Assert.Equal((TicketStatuses.Accepted, Supervisor), (accepted.Status, accepted.AcceptedByPhone));
    }

    [Fact]
    public async Task Staff_are_scoped_to_their_communities_and_only_supervisors_cancel()
    {
        var receipt = await Owners.JsonAsync(await SubmitAsync(Owners.Repair("单元门禁坏了", "13300001111"), "192.0.2.202"));
        var id = receipt.GetProperty("id").GetString()!;
        await TestDesk.EventuallyAsync(() => Tickets.GetAsync("sunshine-garden", id, CancellationToken.None), t => t?.Value.RoutedAt is not null);

        using var other = await StaffClients.SignInAsync(_desk, "枫林文员", "staff:maple-court");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/staff/tickets/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/api/staff/tickets?community=sunshine-garden")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/api/staff/units?community=sunshine-garden&building=5&room=302")).StatusCode);

        using var clerk = await StaffClients.SignInAsync(_desk, "阳光文员", "staff:sunshine-garden");
        var (_, etag) = await StaffClients.ViewAsync(clerk, id);
        Assert.Equal(HttpStatusCode.Forbidden, (await StaffClients.ActAsync(clerk, id, etag, new { action = "cancel", note = "重复" })).StatusCode);
        using var supervisor = await StaffClients.SignInAsync(_desk, "阳光主管", "supervisor:sunshine-garden");
        Assert.Equal(HttpStatusCode.OK, (await StaffClients.ActAsync(supervisor, id, etag, new { action = "cancel", note = "重复" })).StatusCode);
    }

    [Fact]
    public async Task The_local_host_refuses_to_listen_beyond_this_machine_unless_told_to()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "PropertyFunctions.LocalHost.dll"), "--urls", "http://0.0.0.0:0" })
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--allow-remote", error, StringComparison.Ordinal);
        Assert.Null(PropertyFunctions.LocalHost.LocalDesk.NonLoopback("http://127.0.0.1:7071;http://localhost:8080;http://[::1]:9000"));
        Assert.Equal("http://*:80", PropertyFunctions.LocalHost.LocalDesk.NonLoopback("http://127.0.0.1:1;http://*:80"));
    }

    private static async Task<(JsonObject Settings, string ETag)> CommunityAsync(HttpClient admin)
    {
        var body = JsonNode.Parse(await admin.GetStringAsync("/api/staff/communities/sunshine-garden"))!;
        return (body["settings"]!.AsObject(), body["etag"]!.GetValue<string>());
    }
}
