using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Fees;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Residents;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

/// <summary>
/// The front desk: tickets a clerk takes by phone, the caller lookup, the queue a clerk works from, outage notices that answer
/// owners' questions at once, the no-one-on-duty banner, and the per-community FAQ.
/// </summary>
public sealed class FrontDeskTests : IAsyncLifetime
{
    private const string Community = "sunshine-garden";
    // Monday 30 November 2026, 10:00 in Shanghai: the desk is open.
    private static readonly DateTimeOffset MondayMorning = new(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);
    private const string CallerPhone = "13800138000";

    private TestDesk _desk = null!;
    private HttpClient _clerk = null!;

    public async Task InitializeAsync()
    {
        // One phone may submit once an hour from the web form: the clerk's entries must not count against it.
        _desk = await TestDesk.StartAsync(new Dictionary<string, string?> { ["Desk:RateLimits:PerPhonePerHour"] = "1" }, MondayMorning);
        _clerk = await StaffClients.SignInAsync(_desk, "李文员", "staff");
    }

    public async Task DisposeAsync()
    {
        _clerk.Dispose();
        await _desk.DisposeAsync();
    }

    private ISmsLog SmsLog => _desk.Services.GetRequiredService<ISmsLog>();

    private Task<IReadOnlyList<SmsRecord>> SmsAsync(string group, Func<IReadOnlyList<SmsRecord>, bool> until) =>
        TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(group, CancellationToken.None), until);

    private async Task<JsonElement> StaffViewAsync(string id) => (await StaffClients.ViewAsync(_clerk, id)).Body;

    private Task<JsonElement> RoutedAsync(string id) =>
        TestDesk.EventuallyAsync(() => StaffViewAsync(id), v => v.GetProperty("ticket").TryGetProperty("routedAt", out _));

    private static JsonObject Call(string description, string channel = "phone", string phone = CallerPhone, string building = "3", string kind = "repair") => new()
    {
        ["community"] = Community, ["kind"] = kind, ["building"] = building, ["unit"] = "2", ["room"] = "501", ["name"] = "王女士",
        ["phone"] = phone, ["description"] = description, ["channel"] = channel,
    };

    private async Task<HttpResponseMessage> TakeAsync(JsonObject body, string? key = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/staff/tickets") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return await (client ?? _clerk).SendAsync(request);
    }

    private async Task<JsonElement> OwnerAsks(string description, string building, string phone, string kind = "inquiry")
    {
        var body = Owners.Repair(description, phone);
        (body["kind"], body["building"], body["unit"], body["room"]) = (kind, building, "2", "501");
        using var response = await Owners.SubmitAsync(_desk.Client, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await Owners.JsonAsync(response);
    }

    [Fact]
    public async Task A_clerk_finds_the_caller_by_phone_and_takes_a_repair_that_the_history_and_the_owners_sms_follow()
    {
        await StaffClients.ImportRosterAsync(_desk);
        var unit = new UnitAddress("3", "2", "501");
        await _desk.Services.GetRequiredService<IResidentDirectory>().ReplaceUnitsAsync(
            [new Resident(Community, unit, "王女士", "+86" + CallerPhone, "zh-CN", ResidentRelations.Owner),
             new Resident(Community, unit, "王先生", "+8613800138111", "zh-CN", ResidentRelations.Family)], CancellationToken.None);
        await _desk.Services.GetRequiredService<IFeeLedger>().UpsertAsync(
            [new FeeEntry(Community, unit, FeeTypes.Property, "2026-10", 780m, new DateOnly(2026, 10, 15), 0m),
             new FeeEntry(Community, unit, FeeTypes.Parking, "2026-11", 300m, new DateOnly(2026, 12, 15), 0m)], CancellationToken.None);
        var earlier = await OwnerAsks("客厅灯不亮", "3", CallerPhone, kind: "repair");

        // The caller's number finds the unit, both residents, the open ticket and the fee overdue since 15 October.
        var found = await _clerk.GetFromJsonAsync<JsonElement>($"/api/staff/callers?community={Community}&q=138 0013 8000");
        Assert.Equal("phone", found.GetProperty("kind").GetString());
        var home = Assert.Single(found.GetProperty("units").EnumerateArray());
        Assert.Equal("3栋2单元501", home.GetProperty("address").GetString());
        Assert.Equal(["王先生", "王女士"], home.GetProperty("residents").EnumerateArray().Select(r => r.GetProperty("name").GetString()).Order());
        Assert.Equal(earlier.GetProperty("id").GetString(), Assert.Single(home.GetProperty("openTickets").EnumerateArray()).GetProperty("id").GetString());
        var fee = Assert.Single(home.GetProperty("overdueFees").EnumerateArray());
        Assert.Equal(("property", 780m, 46), (fee.GetProperty("feeType").GetString(), fee.GetProperty("owed").GetDecimal(), fee.GetProperty("daysOverdue").GetInt32()));
        // A name, a unit and a ticket id find the same unit.
        foreach (var q in new[] { "王", "3-2-501", earlier.GetProperty("id").GetString()! })
        {
            var by = await _clerk.GetFromJsonAsync<JsonElement>($"/api/staff/callers?community={Community}&q={Uri.EscapeDataString(q)}");
            Assert.Equal("3栋2单元501", Assert.Single(by.GetProperty("units").EnumerateArray()).GetProperty("address").GetString());
        }

        // The web form has had its one submission this hour for this phone; the clerk's entries are not limited.
        using (var limited = await Owners.SubmitAsync(_desk.Client, Owners.Repair("厨房水龙头滴水", CallerPhone)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        }
        using var taken = await TakeAsync(Call("厨房水龙头滴水"), key: "call-1");
        Assert.Equal(HttpStatusCode.Created, taken.StatusCode);
        var receipt = await Owners.JsonAsync(taken);
        var id = receipt.GetProperty("id").GetString()!;
        Assert.Equal("received", receipt.GetProperty("status").GetString());
        Assert.Contains("/track.html?id=" + id, receipt.GetProperty("trackingUrl").GetString(), StringComparison.Ordinal);
        // The same request again (a double Enter) makes no second ticket.
        using (var again = await TakeAsync(Call("厨房水龙头滴水"), key: "call-1"))
        {
            Assert.Equal(id, (await Owners.JsonAsync(again)).GetProperty("id").GetString());
        }
        using (var second = await TakeAsync(Call("阳台地漏堵了", channel: "counter")))
        {
            Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        }

        // The owner gets the usual acknowledgement with the tracking link; engineering is dispatched.
        var sms = await SmsAsync(id, list => list.Any(s => s.Purpose == "ack" && s.Status == SmsStatuses.Sent) && list.Any(s => s.Purpose == "dispatch"));
        await Settled.AfterSmsAsync(_desk, id, "dispatch");
        var ack = Assert.Single(sms, s => s.Purpose == "ack");
        Assert.Equal("+86" + CallerPhone, ack.To);
        Assert.Contains("/t/", ack.Text, StringComparison.Ordinal);

        // The history says who entered it and through which channel.
        var view = await StaffViewAsync(id);
        Assert.Equal(("phone", "李文员"), (view.GetProperty("ticket").GetProperty("channel").GetString(), view.GetProperty("ticket").GetProperty("enteredBy").GetString()));
        var first = view.GetProperty("history")[0];
        Assert.Equal(("phone", true), (first.GetProperty("channel").GetString(), first.GetProperty("actor").GetString()!.StartsWith("staff:", StringComparison.Ordinal)));
        Assert.StartsWith("客服李文员（电话）代为登记。", first.GetProperty("note").GetString(), StringComparison.Ordinal);

        // A caller who declines SMS gets none; the work is dispatched all the same.
        var quiet = Call("门禁卡失灵", phone: "13800138222");
        quiet["notifyOwner"] = false;
        var quietId = (await Owners.JsonAsync(await TakeAsync(quiet))).GetProperty("id").GetString()!;
        var quietSms = await SmsAsync(quietId, list => list.Any(s => s.Purpose == "dispatch"));
        await Settled.AfterSmsAsync(_desk, quietId, "dispatch");
        Assert.DoesNotContain(quietSms, s => s.To == "+8613800138222");

        // The monthly report counts tickets per channel.
        using var supervisor = await StaffClients.SignInAsync(_desk, "王主管", "supervisor");
        var report = await supervisor.GetFromJsonAsync<JsonElement>($"/api/staff/reports?community={Community}");
        var byChannel = report.GetProperty("total").GetProperty("byChannel");
        Assert.Equal((1, 2, 1), (byChannel.GetProperty("web").GetInt32(), byChannel.GetProperty("phone").GetInt32(), byChannel.GetProperty("counter").GetInt32()));
    }

    [Fact]
    public async Task A_staff_ticket_needs_a_desk_channel_and_a_signed_in_clerk()
    {
        using var noChannel = await TakeAsync(Call("楼道灯不亮", channel: "fax"));
        Assert.Equal(HttpStatusCode.BadRequest, noChannel.StatusCode);
        var errors = (await Owners.JsonAsync(noChannel)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("channel", out _));
        var missing = Call("", channel: "web");
        using var both = await TakeAsync(missing);
        var bothErrors = (await Owners.JsonAsync(both)).GetProperty("errors");
        Assert.True(bothErrors.TryGetProperty("channel", out _) && bothErrors.TryGetProperty("description", out _));

        using var anonymous = await TakeAsync(Call("楼道灯不亮"), client: _desk.Client);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var unknown = await TakeAsync(new JsonObject(Call("楼道灯不亮").Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))) { ["community"] = "sunshine-gardne" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _desk.Client.GetAsync($"/api/staff/callers?community={Community}&q=王")).StatusCode);
    }

    /// <summary>The issue's own example: water is off in building 3; the same question from building 5 is real work.</summary>
    [Fact]
    public async Task With_a_water_notice_on_building_3_its_question_is_answered_by_the_notice_and_building_5s_is_dispatched()
    {
        await StaffClients.ImportRosterAsync(_desk);
        using var published = await _clerk.PostAsJsonAsync("/api/staff/notices", new
        {
            community = Community, type = "water", title = "管道维修停水", body = "3栋主管道维修，期间停水。", buildings = new[] { "3" },
            start = "2026-11-30 08:00", expectedEnd = "2026-11-30 15:00",
        });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var notice = await Owners.JsonAsync(published);
        var noticeId = notice.GetProperty("id").GetString()!;

        var answered = await OwnerAsks("3栋怎么又停水了？", "3", "13800138301");
        var id = answered.GetProperty("id").GetString()!;
        Assert.Equal("closed", answered.GetProperty("status").GetString());
        var by = answered.GetProperty("answeredByNotice");
        Assert.Equal((noticeId, "管道维修停水"), (by.GetProperty("id").GetString(), by.GetProperty("title").GetString()));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.FromHours(8)), by.GetProperty("expectedEnd").GetDateTimeOffset());
        Assert.Contains("管道维修停水", answered.GetProperty("message").GetString(), StringComparison.Ordinal);

        var elsewhere = await OwnerAsks("3栋怎么又停水了？", "5", "13800138305");
        var otherId = elsewhere.GetProperty("id").GetString()!;
        Assert.Equal("received", elsewhere.GetProperty("status").GetString());
        Assert.False(elsewhere.TryGetProperty("answeredByNotice", out _));

        // Building 5's question pages someone; building 3's is acknowledged with the notice, and nobody is paged.
        Assert.Contains(await SmsAsync(otherId, list => list.Any(s => s.Purpose == "dispatch")), s => s.Purpose == "dispatch");
        await Settled.AfterSmsAsync(_desk, otherId, "dispatch");
        var answer = await SmsAsync(id, list => list.Any(s => s.Purpose == "ack" && s.Status == SmsStatuses.Sent));
        var ack = Assert.Single(answer);
        Assert.Contains("管道维修停水", ack.Text, StringComparison.Ordinal);
        Assert.Contains("11月30日15:00", ack.Text, StringComparison.Ordinal);
        var record = await RoutedAsync(id);
        Assert.Equal("closed", record.GetProperty("ticket").GetProperty("status").GetString());
        Assert.Equal(noticeId, record.GetProperty("ticket").GetProperty("answeredByNotice").GetString());
        Assert.False(record.GetProperty("ticket").TryGetProperty("dispatchedAt", out _));
        Assert.Single(await SmsLog.ForGroupAsync(id, CancellationToken.None));

        // A second owner asked twice; a third asked, then said their case is different.
        var twice1 = (await OwnerAsks("没水了", "3", "13800138302")).GetProperty("id").GetString()!;
        // The second time by phone: a clerk's entry is answered by the notice too.
        var twice2 = (await Owners.JsonAsync(await TakeAsync(Call("还是没水，怎么回事", phone: "13800138302", kind: "complaint")))).GetProperty("id").GetString()!;
        var different = await OwnerAsks("家里没水", "3", "13800138303");
        var differentId = different.GetProperty("id").GetString()!;
        var token = different.GetProperty("token").GetString()!;
        await RoutedAsync(differentId);
        Assert.Equal(noticeId, (await Owners.ViewAsync(_desk.Client, differentId, token)).GetProperty("answeredByNotice").GetString());
        using (var reopen = await _desk.Client.PostAsJsonAsync($"/api/tickets/{differentId}/reopen?k={token}", new { reason = "楼上邻居都有水，只有我家没水" }))
        {
            Assert.Equal(HttpStatusCode.OK, reopen.StatusCode);
            var view = await Owners.JsonAsync(reopen);
            Assert.Equal("received", view.GetProperty("status").GetString());
            Assert.False(view.TryGetProperty("answeredByNotice", out _));
        }
        await SmsAsync(differentId, list => list.Any(s => s.Purpose == "dispatch"));
        await Settled.AfterSmsAsync(_desk, differentId, "dispatch");
        var reopened = await StaffViewAsync(differentId);
        Assert.Equal("dispatched", reopened.GetProperty("ticket").GetProperty("status").GetString());
        Assert.Contains(reopened.GetProperty("history").EnumerateArray(), h => h.GetProperty("note").GetString()?.Contains("只有我家没水", StringComparison.Ordinal) == true);
        using (var twice = await _desk.Client.PostAsJsonAsync($"/api/tickets/{differentId}/reopen?k={token}", new { }))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        }
        using (var notAnswered = await _desk.Client.PostAsJsonAsync($"/api/tickets/{otherId}/reopen?k={elsewhere.GetProperty("token").GetString()}", new { }))
        {
            Assert.Equal(HttpStatusCode.Conflict, notAnswered.StatusCode);
        }

        // The notice is updated: each owner it still answers is told once (one SMS for the owner who asked twice); and again when withdrawn.
        await RoutedAsync(twice2);
        using (var request = new HttpRequestMessage(HttpMethod.Put, $"/api/staff/notices/{noticeId}")
        {
            Content = JsonContent.Create(new { community = Community, update = "维修延长，预计16:30恢复供水", expectedEnd = "2026-11-30 16:30" }),
        })
        {
            Assert.Equal(HttpStatusCode.OK, (await _clerk.SendAsync(request)).StatusCode);
        }
        using (var withdraw = await _clerk.PostAsJsonAsync($"/api/staff/notices/{noticeId}/withdraw", new { community = Community, reason = "发错楼栋" }))
        {
            Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);
        }
        async Task<List<SmsRecord>> Told()
        {
            var list = new List<SmsRecord>();
            foreach (var ticket in new[] { id, twice1, twice2, differentId })
            {
                list.AddRange((await SmsLog.ForGroupAsync(ticket, CancellationToken.None)).Where(s => s.Purpose.StartsWith("notice-", StringComparison.Ordinal)));
            }
            return list;
        }
        var told = await TestDesk.EventuallyAsync(Told, list => list.Count(s => s.Status == SmsStatuses.Sent) >= 4);
        Assert.Equal(
            [("+8613800138301", "notice-v2"), ("+8613800138301", "notice-withdrawn"), ("+8613800138302", "notice-v2"), ("+8613800138302", "notice-withdrawn")],
            told.Select(s => (s.To, s.Purpose)).Order());
        Assert.Contains(told, s => s.Text.Contains("16:30", StringComparison.Ordinal));
        Assert.All(told.Where(s => s.Purpose == "notice-withdrawn"), s => Assert.Contains("撤回", s.Text, StringComparison.Ordinal));

        // The report counts what the notice answered: three tickets still stand answered (the reopened one is work again).
        using var supervisor = await StaffClients.SignInAsync(_desk, "王主管", "supervisor");
        var total = (await supervisor.GetFromJsonAsync<JsonElement>($"/api/staff/reports?community={Community}")).GetProperty("total");
        Assert.Equal((5, 3), (total.GetProperty("received").GetInt32(), total.GetProperty("answeredByNotice").GetInt32()));
    }

    [Fact]
    public async Task The_queue_searches_by_id_phone_name_and_unit_and_shows_open_work_with_emergencies_and_overdue_first()
    {
        await StaffClients.ImportRosterAsync(_desk);
        var old = (await Owners.JsonAsync(await TakeAsync(Call("卫生间漏水", phone: "13800138401", building: "7")))).GetProperty("id").GetString()!;
        var done = (await Owners.JsonAsync(await TakeAsync(Call("楼道灯不亮", phone: "13800138402", building: "8")))).GetProperty("id").GetString()!;
        await RoutedAsync(old);
        await RoutedAsync(done);
        // Cancelling an owner's request is a supervisor's decision.
        using var supervisor = await StaffClients.SignInAsync(_desk, "王主管", "supervisor");
        var (_, etag) = await StaffClients.ViewAsync(supervisor, done);
        (await StaffClients.ActAsync(supervisor, done, etag, new { action = "cancel", note = "业主已自行处理" })).EnsureSuccessStatusCode();
        _desk.Time!.Advance(TimeSpan.FromHours(3)); // the first ticket is now past its two office hours
        var fresh = (await Owners.JsonAsync(await TakeAsync(Call("门口垃圾没清", phone: "13800138403", building: "9")))).GetProperty("id").GetString()!;
        var urgent = (await Owners.JsonAsync(await TakeAsync(Call("电梯困人了", phone: "13800138404", building: "9")))).GetProperty("id").GetString()!;
        await RoutedAsync(fresh);
        await RoutedAsync(urgent);

        async Task<string[]> Queue(string query) =>
            (await _clerk.GetFromJsonAsync<JsonElement>($"/api/staff/tickets?community={Community}&{query}")).GetProperty("items").EnumerateArray()
                .Select(t => t.GetProperty("id").GetString()!).ToArray();

        // Every status: in id order (the day, then the random part); the open view: emergencies, overdue, then the oldest.
        Assert.Equal([urgent, old, fresh], await Queue("status=open"));
        Assert.Equal(new[] { old, done, fresh, urgent }.Order(StringComparer.Ordinal), await Queue(""));
        Assert.Equal([old], await Queue("q=" + Uri.EscapeDataString("138-0013-8401")));
        Assert.Equal([done], await Queue("q=" + done.ToLowerInvariant()));
        Assert.Equal(new[] { fresh, urgent }.Order(StringComparer.Ordinal), await Queue("q=" + Uri.EscapeDataString("9-2-501")));
        Assert.Equal(new[] { old, done, fresh, urgent }.Order(StringComparer.Ordinal), await Queue("q=" + Uri.EscapeDataString("王")));
        Assert.Equal([urgent, old, fresh], await Queue("status=open&q=" + Uri.EscapeDataString("王女")));
        Assert.Empty(await Queue("q=" + Uri.EscapeDataString("赵")));
        Assert.Equal([old], await Queue("status=open&overdue=true"));
    }

    [Fact]
    public async Task A_ticket_routed_with_no_one_on_the_roster_shows_on_the_duty_board_and_its_history_says_so()
    {
        // No roster at all, as on a first run.
        var receipt = await OwnerAsks("楼道灯不亮", "3", "13800138501", kind: "repair");
        var id = receipt.GetProperty("id").GetString()!;
        var view = await TestDesk.EventuallyAsync(() => StaffViewAsync(id), v => v.GetProperty("ticket").TryGetProperty("dispatchedAt", out _));
        Assert.Contains(view.GetProperty("history").EnumerateArray(), h => h.GetProperty("note").GetString()?.StartsWith("无人值班", StringComparison.Ordinal) == true);
        var ack = Assert.Single(await SmsAsync(id, list => list.Any(s => s.Status == SmsStatuses.Sent)));
        Assert.DoesNotContain("赶来", ack.Text, StringComparison.Ordinal);

        var duty = await _clerk.GetFromJsonAsync<JsonElement>($"/api/staff/duty?community={Community}");
        Assert.Equal(id, Assert.Single(duty.GetProperty("stranded").EnumerateArray()).GetProperty("id").GetString());
        Assert.All(duty.GetProperty("departments").EnumerateArray(), d => Assert.Equal(0, d.GetProperty("onRoster").GetInt32()));

        // Once someone takes it, the banner has nothing to say.
        var (_, etag) = await StaffClients.ViewAsync(_clerk, id);
        (await StaffClients.ActAsync(_clerk, id, etag, new { action = "accept" })).EnsureSuccessStatusCode();
        Assert.Empty((await _clerk.GetFromJsonAsync<JsonElement>($"/api/staff/duty?community={Community}")).GetProperty("stranded").EnumerateArray());
    }

    [Fact]
    public async Task The_faq_starts_from_the_default_with_the_communitys_details_and_an_admins_edit_reaches_owners_at_once()
    {
        var faq = await _desk.Client.GetFromJsonAsync<JsonElement>($"/api/communities/{Community}/faq/zh-CN");
        var text = faq.ToString();
        Assert.Contains("400-800-1234", text, StringComparison.Ordinal);
        Assert.Contains("每天 09:00–18:00", text, StringComparison.Ordinal);
        Assert.DoesNotContain("{phone}", text, StringComparison.Ordinal);
        Assert.Equal(7, faq.GetArrayLength());
        Assert.Contains("What is there nearby?", (await _desk.Client.GetStringAsync($"/api/communities/{Community}/faq/en")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _desk.Client.GetAsync($"/api/communities/{Community}/faq/fr")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _desk.Client.GetAsync("/api/communities/nowhere-court/faq/zh-CN")).StatusCode);

        using var admin = await StaffClients.SignInAsync(_desk, "管理员", "admin");
        var staffFaq = await admin.GetFromJsonAsync<JsonElement>($"/api/staff/communities/{Community}/faq/zh-CN");
        Assert.True(staffFaq.GetProperty("isDefault").GetBoolean());
        Assert.Contains("{phone}", staffFaq.ToString(), StringComparison.Ordinal);

        var edit = new { items = new[] { new { q = "小区有充电桩吗？", a = new[] { "地下车库B区有 20 个充电桩。", "紧急情况请拨打 {phone}。" } } } };
        Assert.Equal(HttpStatusCode.Forbidden, (await PutFaqAsync(_clerk, null, edit)).StatusCode);
        using var saved = await PutFaqAsync(admin, null, edit);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var etag = (await Owners.JsonAsync(saved)).GetProperty("etag").GetString()!;
        var owners = await _desk.Client.GetFromJsonAsync<JsonElement>($"/api/communities/{Community}/faq/zh-CN");
        Assert.Equal("小区有充电桩吗？", Assert.Single(owners.EnumerateArray()).GetProperty("q").GetString());
        Assert.Equal("紧急情况请拨打 400-800-1234。", owners[0].GetProperty("a")[1].GetString());

        // Saving over someone else's edit is refused with the FAQ as it is now; a bad item is named.
        using var stale = await PutFaqAsync(admin, null, edit);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(etag, (await Owners.JsonAsync(stale)).GetProperty("current").GetProperty("etag").GetString());
        using var invalid = await PutFaqAsync(admin, etag, new { items = new[] { new { q = "", a = new[] { "答" } } } });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await Owners.JsonAsync(invalid)).GetProperty("errors").TryGetProperty("items.0.q", out _));
        Assert.Equal(HttpStatusCode.OK, (await PutFaqAsync(admin, etag, edit)).StatusCode);
    }

    [Fact]
    public async Task The_owner_pages_get_the_community_and_the_routers_emergency_words_from_the_api()
    {
        var page = await _desk.Client.GetFromJsonAsync<JsonElement>($"/api/communities/{Community}");
        Assert.Equal("400-800-1234", page.GetProperty("emergencyPhone").GetString());
        Assert.Equal(PropertyFunctions.Core.Routing.RoutingRules.Default.EmergencyKeywords,
            page.GetProperty("emergencyKeywords").EnumerateArray().Select(w => w.GetString()!).ToList());
    }

    private static Task<HttpResponseMessage> PutFaqAsync(HttpClient client, string? etag, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/staff/communities/{Community}/faq/zh-CN") { Content = JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }
        return client.SendAsync(request);
    }
}
