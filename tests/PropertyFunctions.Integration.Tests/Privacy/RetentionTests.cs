using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Privacy;
using PropertyFunctions.Core.Tickets;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests.Privacy;

/// <summary>
/// The nightly retention run against Azurite, on the desk's fake clock: what goes after 2 days, 180 days and the records
/// period of 3 years, that a closed ticket stays counted in its month's report once anonymised, that an open ticket keeps
/// everything, that deletes go in batches past 100 rows a partition, and that a run cut short is finished by the next.
/// </summary>
public sealed class RetentionTests : IAsyncLifetime
{
    // 10:00 in Shanghai: office hours.
    private static readonly DateTimeOffset TenAm = new(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);
    private TestDesk _desk = null!;

    public async Task InitializeAsync()
    {
        _desk = await TestDesk.StartAsync(fakeTimeStart: TenAm);
        await StaffClients.ImportRosterAsync(_desk);
    }

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private ISmsLog SmsLog => _desk.Services.GetRequiredService<ISmsLog>();
    private ITicketStore Tickets => _desk.Services.GetRequiredService<ITicketStore>();

    /// <summary>The Idempotency-Key claims, kept beside their tickets.</summary>
    private static readonly string Claims = TableClient.CreateQueryFilter(
        $"RowKey ge {TableTicketStore.ClaimPrefix} and RowKey lt {TableTicketStore.ClaimPrefix + "~"}");

    private async Task<int> RowsAsync(string table, string? filter = null)
    {
        var n = 0;
        await foreach (var _ in _desk.Storage.Table(table).QueryAsync<TableEntity>(filter, select: ["PartitionKey"]))
        {
            n++;
        }
        return n;
    }

    private async Task<(string Id, string Token)> SubmitAsync(string description, string phone)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = JsonContent.Create(Owners.Repair(description, phone)) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await _desk.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await Owners.JsonAsync(response);
        var id = receipt.GetProperty("id").GetString()!;
        await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(id, CancellationToken.None),
            list => list.Any(s => s.Purpose == "dispatch" && s.Status == SmsStatuses.Sent));
        await Settled.AfterSmsAsync(_desk, id, "dispatch");
        return (id, receipt.GetProperty("token").GetString()!);
    }

    private static async Task ActAsync(HttpClient console, string id, object action)
    {
        var (_, etag) = await StaffClients.ViewAsync(console, id);
        using var acted = await StaffClients.ActAsync(console, id, etag, action);
        Assert.Equal(HttpStatusCode.OK, acted.StatusCode);
    }

    private void Advance(TimeSpan by) => _desk.Time!.Advance(by);

    [Fact]
    public async Task Each_table_keeps_its_period_and_a_closed_ticket_is_anonymised_after_three_years_but_still_counted()
    {
        // A ticket that is resolved with a note, rated with a comment and so closed; one that stays open.
        var (closedId, token) = await SubmitAsync("5号楼门口的路灯坏了，李先生家门口", "13800138000");
        var (openId, _) = await SubmitAsync("楼道灯不亮", "13800138001");
        using var console = await StaffClients.SignInAsync(_desk, "李师傅", "staff");
        await ActAsync(console, closedId, new { action = "accept" });
        await ActAsync(console, closedId, new { action = "resolve", note = "更换了灯泡，李先生在家" });
        using (var rated = await _desk.Client.PostAsJsonAsync($"/api/tickets/{closedId}/feedback?k={token}", new { score = 5, @fixed = true, comment = "谢谢张师傅" }))
        {
            Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        }
        Assert.Equal(TicketStatuses.Closed, (await Tickets.GetAsync("sunshine-garden", closedId, default))!.Value.Status);
        var photos = _desk.Storage.Container(StorageNames.PhotosContainer);
        await photos.UploadBlobAsync($"{closedId}/1.jpg", BinaryData.FromBytes([0xFF, 0xD8, 0xFF]));
        // 250 old SMS in one partition: more than two transactions' worth.
        var smsTable = _desk.Storage.Table("SmsLog");
        foreach (var chunk in Enumerable.Range(0, 250).Chunk(100))
        {
            await smsTable.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(TableTransactionActionType.Add,
                new TableEntity("bulk-group", $"help.{i:D4}") { ["To"] = "+8613800138000", ["Text"] = "x", ["FirstAttemptAt"] = TenAm.AddDays(-1) })));
        }
        Assert.True(await RowsAsync("RateLimits") > 0);
        Assert.True(await RowsAsync("Tickets", Claims) > 0);
        var smsBefore = await RowsAsync("SmsLog");
        Assert.True(await RowsAsync("Tickets", SmsRows.InTickets(TableClient.CreateQueryFilter($"RowKey ge {closedId} and RowKey lt {closedId + "~~"}"))) > 0,
            "the closed ticket's SMS are logged beside it");

        // A day later nothing is due.
        Advance(TimeSpan.FromDays(1));
        await _desk.RunFunctionAsync("Retention");
        Assert.True(await RowsAsync("SmsLog") >= smsBefore);
        Assert.True(await RowsAsync("Tickets", Claims) > 0);

        // After 2 days: rate-limit windows and idempotency answers (which hold tokens) are gone; the SMS stay.
        Advance(TimeSpan.FromDays(2));
        await _desk.RunFunctionAsync("Retention");
        // Windows of the last two days stay (the desk's own timers take some); none older.
        var cutoff = TableRateLimiter.WindowPrefix(_desk.Time!.GetUtcNow().AddDays(-2));
        Assert.Equal(0, await RowsAsync("RateLimits", TableClient.CreateQueryFilter($"PartitionKey lt {cutoff}")));
        Assert.Equal(0, await RowsAsync("Tickets", Claims));
        Assert.True(await RowsAsync("SmsLog") >= smsBefore);

        // After 180 days: the SMS log (all 250 bulk rows too), and the short links of the closed ticket; the open one keeps its own.
        Advance(TimeSpan.FromDays(180));
        await _desk.RunFunctionAsync("Retention");
        // (The open ticket's reminders of the last days stay.)
        Assert.Equal(0, await RowsAsync("SmsLog", TableClient.CreateQueryFilter($"FirstAttemptAt lt {_desk.Time!.GetUtcNow().AddDays(-180)}")));
        Assert.Equal(0, await RowsAsync("SmsLog", TableClient.CreateQueryFilter($"PartitionKey eq {"bulk-group"} or PartitionKey eq {closedId}")));
        Assert.Equal(0, await RowsAsync("Tickets", SmsRows.InTickets(TableClient.CreateQueryFilter($"FirstAttemptAt lt {_desk.Time!.GetUtcNow().AddDays(-180)}"))));
        Assert.Equal(0, await RowsAsync("Tickets", SmsRows.InTickets(TableClient.CreateQueryFilter($"RowKey ge {closedId} and RowKey lt {closedId + "~~"}"))));
        var links = _desk.Services.GetRequiredService<TicketLinks>();
        Assert.Null(await _desk.Services.GetRequiredService<ILinkStore>().FindAsync(links.Tracking("sunshine-garden", closedId).Code, default));
        Assert.NotNull(await _desk.Services.GetRequiredService<ILinkStore>().FindAsync(links.Tracking("sunshine-garden", openId).Code, default));
        var kept = (await Tickets.GetAsync("sunshine-garden", closedId, default))!.Value;
        Assert.Equal("+8613800138000", kept.Phone); // still within the records period

        // After the records period (3 years from closing): contact details, unit, texts, notes, photos and the rating index go.
        Advance(TimeSpan.FromDays(3 * 365 + 2 - 183)); // 2029-11-29: three years and a day after closing
        await _desk.RunFunctionAsync("Retention");
        var (ticket, history) = (await Tickets.GetWithHistoryAsync("sunshine-garden", closedId, default))!.Value;
        var t = ticket.Value;
        Assert.NotNull(t.AnonymisedAt);
        Assert.Equal(("", "", "", "5", null, ""), (t.Name, t.Phone, t.Description, t.Address.Building, t.Address.Unit, t.Address.Room));
        Assert.Null(t.FeedbackComment);
        Assert.Equal((TicketStatuses.Closed, 5, "repair", "engineering"), (t.Status, t.Score!.Value, t.Kind, t.Department));
        Assert.Equal(TenAm.Year, t.CreatedAt.Year);
        Assert.All(history, h => Assert.True(string.IsNullOrEmpty(h.Note), h.Note));
        Assert.Equal(0, await RowsAsync("RatingIndex", TableClient.CreateQueryFilter($"RowKey eq {closedId}")));
        Assert.False((await photos.GetBlobClient($"{closedId}/1.jpg").ExistsAsync()).Value);
        // The open ticket keeps everything however old it is.
        var open = (await Tickets.GetAsync("sunshine-garden", openId, default))!.Value;
        Assert.Equal(("+8613800138001", "李先生", "302"), (open.Phone, open.Name, open.Address.Room));

        // November 2026's report still counts both tickets.
        using var supervisor = await StaffClients.SignInAsync(_desk, "王主管", "supervisor");
        var report = await supervisor.GetFromJsonAsync<JsonElement>("/api/staff/reports?community=sunshine-garden&month=2026-11");
        Assert.Equal(2, report.GetProperty("total").GetProperty("received").GetInt32());

        // A second run finds nothing more to do.
        var again = await _desk.Services.GetRequiredService<RetentionRun>().RunAsync(default);
        Assert.Equal(0, again.Total);
    }

    [Fact]
    public async Task A_run_cut_short_after_scrubbing_a_ticket_is_finished_by_the_next()
    {
        var (id, _) = await SubmitAsync("水管漏水", "13800138002");
        using var console = await StaffClients.SignInAsync(_desk, "李师傅", "staff");
        foreach (var action in new[] { "accept", "resolve", "close" })
        {
            await ActAsync(console, id, new { action });
        }
        // A run on a clock of its own, 3 years on: the desk's clock stays, so its Retention timer does not run meanwhile.
        var later = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TenAm.AddDays(3 * 365 + 2));
        var run = ActivatorUtilities.CreateInstance<RetentionRun>(_desk.Services, (TimeProvider)later);
        // The run dies after scrubbing the ticket's other rows, before its own row is replaced.
        var store = _desk.Services.GetRequiredService<IRetentionStore>();
        var current = (await Tickets.GetAsync("sunshine-garden", id, default))!;
        await store.ScrubTicketAsync(current.Value, _desk.Services.GetRequiredService<TicketLinks>().Tracking("sunshine-garden", id).Code, default);
        Assert.Equal("+8613800138002", (await Tickets.GetAsync("sunshine-garden", id, default))!.Value.Phone);

        var report = await run.RunAsync(default);

        Assert.Equal(1, report.TicketsAnonymised);
        Assert.Equal("", (await Tickets.GetAsync("sunshine-garden", id, default))!.Value.Phone);
    }
}
