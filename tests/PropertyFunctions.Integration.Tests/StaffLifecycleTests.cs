using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

public sealed class StaffLifecycleTests : IAsyncLifetime
{
    // 10:00 in Shanghai: office hours.
    private static readonly DateTimeOffset TenAm = new(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);
    private const string Engineer = "+8613900000001";
    private const string Supervisor = "+8613900000004";
    private TestDesk _desk = null!;

    public async Task InitializeAsync()
    {
        _desk = await TestDesk.StartAsync(fakeTimeStart: TenAm);
        await StaffClients.ImportRosterAsync(_desk);
    }

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private ISmsLog SmsLog => _desk.Services.GetRequiredService<ISmsLog>();

    private async Task<SmsRecord> SmsAsync(string id, string purpose, string to)
    {
        var sms = (await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(id, CancellationToken.None),
                list => list.Any(s => s.Purpose.StartsWith(purpose, StringComparison.Ordinal) && s.To == to && s.Status == SmsStatuses.Sent)))
            .Single(s => s.Purpose.StartsWith(purpose, StringComparison.Ordinal) && s.To == to);
        await Settled.AfterSmsAsync(_desk, id, purpose);
        return sms;
    }

    private async Task<(string Id, string Token)> SubmitAsync(string description, string phone = "13800138000")
    {
        var receipt = await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, Owners.Repair(description, phone)));
        return (receipt.GetProperty("id").GetString()!, receipt.GetProperty("token").GetString()!);
    }

    [Fact]
    public async Task History_is_kept_as_codes_and_each_reader_sees_it_in_their_own_language()
    {
        var body = Owners.Repair("The street light by building 5 is broken");
        body["language"] = "en";
        var receipt = await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, body, language: "en"));
        var (id, token) = (receipt.GetProperty("id").GetString()!, receipt.GetProperty("token").GetString()!);
        await SmsAsync(id, "dispatch", Engineer);
        using var console = await StaffClients.SignInAsync(_desk, "李师傅", "staff");
        var (_, etag) = await StaffClients.ViewAsync(console, id);
        (await StaffClients.ActAsync(console, id, etag, new { action = "accept" })).EnsureSuccessStatusCode();

        async Task<List<string>> OwnerNotesAsync(string? language)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/tickets/{id}?k={token}");
            if (language is not null)
            {
                request.Headers.AcceptLanguage.ParseAdd(language);
            }
            var view = await Owners.JsonAsync(await _desk.Client.SendAsync(request));
            return view.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("note").GetString()!).ToList();
        }

        // The owner reported in English: without a header, and with one, the history reads in English.
        Assert.Equal(await OwnerNotesAsync(null), await OwnerNotesAsync("en"));
        var english = await OwnerNotesAsync("en");
        Assert.Contains("Dispatched to Engineering", english);
        Assert.Contains("李师傅 accepted", english);
        Assert.Contains(english, n => n.StartsWith("We have your request", StringComparison.Ordinal));
        // Asking in Chinese shows the same lines in Chinese; staff read their own language too.
        Assert.Contains("已派单至工程部", await OwnerNotesAsync("zh-CN"));
        var (staffView, _) = await StaffClients.ViewAsync(console, id);
        var staffNotes = staffView.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("note").GetString()).ToList();
        Assert.Contains("已派单至工程部", staffNotes);
        Assert.Contains("李师傅 已接单", staffNotes);
        Assert.False(staffView.GetProperty("history")[0].TryGetProperty("coded", out _)); // the codes stay inside
    }

    [Fact]
    public async Task A_ticket_lives_from_submission_to_a_low_rating_with_every_step_recorded()
    {
        var (id, token) = await SubmitAsync("5号楼门口的路灯坏了");
        var dispatch = await SmsAsync(id, "dispatch", Engineer);
        Assert.Contains("回JD接单", dispatch.Text);

        // The engineer replies a bare "JD" from the phone that got the dispatch: it accepts the latest job sent there.
        await EventGrid.DeliverAsync(_desk, EventGrid.SmsReceived(Engineer, "jd"));
        var accepted = await SmsAsync(id, "accepted", "+8613800138000");
        Assert.Contains("张师傅已接单", accepted.Text);
        Assert.Contains("预计2小时内到达", accepted.Text);
        // The other engineer who got the dispatch is told it is taken.
        Assert.Contains("已由张师傅接单", (await SmsAsync(id, "taken", "+8613900000002")).Text);

        using var console = await StaffClients.SignInAsync(_desk, "李师傅", "staff");
        var (view, etag) = await StaffClients.ViewAsync(console, id);
        Assert.Equal("accepted", view.GetProperty("ticket").GetProperty("status").GetString());
        using var resolved = await StaffClients.ActAsync(console, id, etag, new { action = "resolve", note = "更换了灯泡" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var rating = await SmsAsync(id, "resolved", "+8613800138000");
        // The SMS carries a short link, never the token; the link opens this ticket with its token.
        Assert.DoesNotContain(token, rating.Text, StringComparison.Ordinal);
        var code = System.Text.RegularExpressions.Regex.Match(rating.Text, "/t/([A-Za-z0-9_-]{10})$").Groups[1].Value;
        var link = await (await _desk.Client.GetAsync($"/api/links/{code}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((id, token), (link.GetProperty("id").GetString(), link.GetProperty("token").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await _desk.Client.GetAsync("/api/links/AAAAAAAAAA")).StatusCode);

        // The owner replies "2": reopened, and the supervisor is alerted.
        await EventGrid.DeliverAsync(_desk, EventGrid.SmsReceived("+8613800138000", "2"));
        Assert.Contains("业主评价2分", (await SmsAsync(id, "low-score", Supervisor)).Text);

        var (final, _) = await StaffClients.ViewAsync(console, id);
        Assert.Equal("reopened", final.GetProperty("ticket").GetProperty("status").GetString());
        var steps = final.GetProperty("history").EnumerateArray()
            .Select(h => (To: h.GetProperty("to").GetString(), Actor: h.GetProperty("actor").GetString(), Channel: h.GetProperty("channel").GetString()))
            .ToList();
        Assert.Contains(("received", "owner", "web"), steps);
        Assert.Contains(("dispatched", "system", "system"), steps);
        Assert.Contains(("accepted", "staff:张师傅", "sms"), steps);
        Assert.Contains(("resolved", "staff:dev:李师傅", "console"), steps);
        Assert.Contains(("reopened", "owner", "sms"), steps);

        // Reopened and accepted again an hour later: the first acceptance is kept, and every reopening is counted.
        var ticket = final.GetProperty("ticket");
        Assert.Equal(1, ticket.GetProperty("reopenCount").GetInt32());
        var firstAccepted = ticket.GetProperty("firstAcceptedAt").GetDateTimeOffset();
        _desk.Time!.Advance(TimeSpan.FromHours(1));
        foreach (var action in new[] { "accept", "resolve", "reopen" })
        {
            var (_, current) = await StaffClients.ViewAsync(console, id);
            using var done = await StaffClients.ActAsync(console, id, current, new { action });
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }
        var (again, _) = await StaffClients.ViewAsync(console, id);
        var t = again.GetProperty("ticket");
        Assert.Equal((firstAccepted, TenAm.AddHours(1), 2),
            (t.GetProperty("firstAcceptedAt").GetDateTimeOffset(), t.GetProperty("acceptedAt").GetDateTimeOffset(), t.GetProperty("reopenCount").GetInt32()));
    }

    [Fact]
    public async Task A_stale_etag_gets_412_with_the_current_state()
    {
        var (id, _) = await SubmitAsync("楼道灯不亮", "13800138002");
        await SmsAsync(id, "dispatch", Engineer);
        using var a = await StaffClients.SignInAsync(_desk, "张师傅", "staff");
        using var b = await StaffClients.SignInAsync(_desk, "李师傅", "staff");
        var (_, etag) = await StaffClients.ViewAsync(a, id);

        var both = await Task.WhenAll(StaffClients.ActAsync(a, id, etag, new { action = "accept" }), StaffClients.ActAsync(b, id, etag, new { action = "accept" }));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], both.Select(r => r.StatusCode).Order());
        var stale = await Owners.JsonAsync(both.Single(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        Assert.Equal("accepted", stale.GetProperty("current").GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(stale.GetProperty("etag").GetString()));

        using var missing = await StaffClients.ActAsync(a, id, "", new { action = "start" });
        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
    }

    [Fact]
    public async Task A_refused_move_is_409_and_changes_nothing()
    {
        var (id, _) = await SubmitAsync("门禁刷卡没反应", "13800138003");
        await SmsAsync(id, "dispatch", Engineer);
        using var staff = await StaffClients.SignInAsync(_desk, "李师傅", "staff");
        var (_, etag) = await StaffClients.ViewAsync(staff, id);
        using var response = await StaffClients.ActAsync(staff, id, etag, new { action = "close" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(etag, (await StaffClients.ViewAsync(staff, id)).ETag);
    }

    [Fact]
    public async Task A_reply_from_an_unknown_phone_changes_nothing()
    {
        var (id, _) = await SubmitAsync("电梯按钮不灵", "13800138004");
        await SmsAsync(id, "dispatch", Engineer);
        using var staff = await StaffClients.SignInAsync(_desk, "李师傅", "staff");
        var (_, etag) = await StaffClients.ViewAsync(staff, id);
        await EventGrid.DeliverAsync(_desk, EventGrid.SmsReceived("+8613111111111", $"JD {id}"));
        Assert.Equal(etag, (await StaffClients.ViewAsync(staff, id)).ETag);
    }

    [Fact]
    public async Task An_event_that_Event_Grid_puts_on_the_sms_events_queue_is_handled()
    {
        var (id, _) = await SubmitAsync("2号楼楼道的路灯坏了", "13800138005");
        var ack = await SmsAsync(id, "ack", "+8613800138005");

        // The real path in Azure: Event Grid writes the delivery report to the queue and the queue trigger takes it.
        await EventGrid.EnqueueAsync(_desk, EventGrid.DeliveryReport($"{ack.Group}:{ack.Key}", "Delivered", ack.To));
        var delivered = await TestDesk.EventuallyAsync(() => SmsLog.GetAsync(ack.Group, ack.Key, CancellationToken.None), r => r!.Status == SmsStatuses.Delivered);
        Assert.Equal(SmsStatuses.Delivered, delivered!.Status);

        // The same for an inbound SMS: the engineer accepts by replying.
        await SmsAsync(id, "dispatch", Engineer);
        await EventGrid.EnqueueAsync(_desk, EventGrid.SmsReceived(Engineer, $"JD {id}"));
        Assert.Contains("已接单", (await SmsAsync(id, "accepted", "+8613800138005")).Text);
        var queue = _desk.Storage.Queue(StorageNames.SmsEventsQueue);
        var left = await TestDesk.EventuallyAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0);
        Assert.Equal(0, left);
        Assert.Empty((await _desk.Storage.Queue(StorageNames.SmsEventsQueue + StorageNames.PoisonSuffix).PeekMessagesAsync(1)).Value);
    }

    [Fact]
    public async Task A_malformed_or_foreign_event_is_dropped_without_retries()
    {
        await _desk.RunFunctionAsync("SmsEvents", "not json");
        await _desk.RunFunctionAsync("SmsEvents", """{"eventType":"Microsoft.Storage.BlobCreated","data":{}}""");

        // Both runs finished without an exception, so the queue deletes them instead of retrying towards the poison queue;
        // and a delivery report still lands after them.
        var (id, _) = await SubmitAsync("垃圾桶满了", "13800138007");
        var ack = await SmsAsync(id, "ack", "+8613800138007");
        await EventGrid.DeliverAsync(_desk, EventGrid.DeliveryReport($"{ack.Group}:{ack.Key}", "Failed", ack.To));
        Assert.Equal(SmsStatuses.Undelivered, (await SmsLog.GetAsync(ack.Group, ack.Key, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task The_owner_can_rate_and_escalate_with_the_token()
    {
        var (id, token) = await SubmitAsync("小区里的路灯坏了", "13800138006");
        await SmsAsync(id, "dispatch", Engineer);
        using var rateTooEarly = await _desk.Client.PostAsJsonAsync($"/api/tickets/{id}/feedback?k={token}", new { score = 5, @fixed = true });
        Assert.Equal(HttpStatusCode.Conflict, rateTooEarly.StatusCode);

        using var escalated = await _desk.Client.PostAsJsonAsync($"/api/tickets/{id}/escalations?k={token}", new { reason = "两天没人来" });
        Assert.Equal(HttpStatusCode.OK, escalated.StatusCode);
        var view = await Owners.JsonAsync(escalated);
        Assert.Equal(1, view.GetProperty("escalationLevel").GetInt32());
        Assert.Equal("escalated", view.GetProperty("status").GetString());
        Assert.Equal(3, view.GetProperty("ladder").GetArrayLength());
        await SmsAsync(id, "owner-escalation", Supervisor);

        using var wrongToken = await _desk.Client.PostAsJsonAsync($"/api/tickets/{id}/escalations?k=AAAAAAAAAAAAAAAAAAAAAA", new { reason = "x" });
        Assert.Equal(HttpStatusCode.NotFound, wrongToken.StatusCode);
        using var badScore = await _desk.Client.PostAsJsonAsync($"/api/tickets/{id}/feedback?k={token}", new { score = 9 });
        Assert.Equal(HttpStatusCode.BadRequest, badScore.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/staff/tickets?community=sunshine-garden")]
    [InlineData("GET", "/api/staff/tickets/261128-K7QF")]
    [InlineData("POST", "/api/staff/tickets/261128-K7QF/actions")]
    [InlineData("GET", "/api/staff/roster?community=sunshine-garden")]
    [InlineData("PUT", "/api/staff/roster")]
    [InlineData("GET", "/api/staff/me")]
    public async Task Anonymous_calls_to_staff_endpoints_get_401(string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = JsonContent.Create(new { action = "accept" }) };
        using var response = await _desk.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Staff_list_the_queue_by_status_and_department()
    {
        var (id, _) = await SubmitAsync("地下车库有人乱停车", "13800138007");
        await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(id, CancellationToken.None), l => l.Any(s => s.Purpose == "dispatch"));
        await Settled.AfterSmsAsync(_desk, id, "dispatch");
        using var staff = await StaffClients.SignInAsync(_desk, "赵保安", "staff");
        var list = await Owners.JsonAsync(await staff.GetAsync("/api/staff/tickets?community=sunshine-garden&department=security&status=dispatched"));
        var item = Assert.Single(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == id);
        Assert.Equal("security", item.GetProperty("department").GetString());
        using var bad = await staff.GetAsync("/api/staff/tickets?community=sunshine-garden&department=kitchen");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
