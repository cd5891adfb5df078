using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Notices;
using PropertyFunctions.Core.Residents;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

public sealed class NoticeTests : IAsyncLifetime
{
    private const string Community = "sunshine-garden";
    private TestDesk _desk = null!;
    private HttpClient _staff = null!;

    public async Task InitializeAsync()
    {
        // A fast throttle: the broadcast's spreading is measured by the benchmark, not waited for here.
        _desk = await TestDesk.StartAsync(new Dictionary<string, string?> { ["Desk:Broadcast:PerMinute"] = "60000" });
        // Broadcasting by SMS to every household is a supervisor's decision (a plain clerk's is refused: see below).
        _staff = await StaffClients.SignInAsync(_desk, "客服小陈", "supervisor");
    }

    public async Task DisposeAsync()
    {
        _staff.Dispose();
        await _desk.DisposeAsync();
    }

    private ISmsLog SmsLog => _desk.Services.GetRequiredService<ISmsLog>();

    private static Resident Person(string building, string? unit, string room, string name, string phone, string relation = ResidentRelations.Owner) =>
        new(Community, new UnitAddress(building, unit, room), name, phone, "zh-CN", relation);

    private Task SeedAsync(params Resident[] residents) =>
        _desk.Services.GetRequiredService<IResidentDirectory>().ReplaceUnitsAsync(residents, CancellationToken.None);

    private async Task<JsonElement> PublishAsync(object notice)
    {
        using var response = await _staff.PostAsJsonAsync("/api/staff/notices", notice);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls until both queues are drained (in-flight messages count until deleted): every SMS the broadcast queued has been handled.</summary>
    private async Task DrainedAsync()
    {
        async Task<int> Pending()
        {
            var total = 0;
            foreach (var name in new[] { StorageNames.NoticeFanoutQueue, StorageNames.SmsSendQueue })
            {
                total += (await _desk.Storage.Queue(name).GetPropertiesAsync()).Value.ApproximateMessagesCount;
            }
            return total;
        }
        Assert.Equal(0, await TestDesk.EventuallyAsync(Pending, n => n == 0, TimeSpan.FromSeconds(60)));
    }

    private async Task<IReadOnlyList<SmsRecord>> SentAsync(string noticeId, int expected)
    {
        var group = Notice.SmsGroupFor(Community, noticeId);
        return await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(group, CancellationToken.None),
            list => list.Count(s => s.Status == SmsStatuses.Sent) >= expected, TimeSpan.FromSeconds(60));
    }

    private async Task<JsonElement> DetailAsync(string id) =>
        await _staff.GetFromJsonAsync<JsonElement>($"/api/staff/notices/{id}?community={Community}");

    [Fact]
    public async Task A_water_outage_for_two_buildings_reaches_each_household_once_even_when_batches_are_redelivered()
    {
        await SeedAsync(
            Person("3", "1", "101", "王先生", "+8613800000101"),
            Person("3", "1", "101", "王太太", "+8613800000102", ResidentRelations.Family),
            Person("3", "1", "102", "李先生", "+8613800000103"),
            Person("5", null, "201", "房东赵", "+8613800000201"),
            Person("5", null, "201", "租户钱", "+8613800000202", ResidentRelations.Tenant),
            Person("5", null, "202", "孙女士", "+8613800000203"),
            Person("7", null, "101", "不受影响", "+8613800000701"));
        // Opted out, but water is a safety notice: the household is still told.
        await _desk.Services.GetRequiredService<IOptOuts>().SetAsync("+8613800000203", true, DateTimeOffset.UtcNow, CancellationToken.None);

        var notice = await PublishAsync(new
        {
            community = Community, type = "water", title = "3、5栋计划停水", body = "因管道维修，3栋、5栋停水，请提前储水。",
            buildings = new[] { "3", "5" }, start = "2026-12-01 09:00", expectedEnd = "2026-12-01 17:00", sendSms = true,
        });
        var id = notice.GetProperty("id").GetString()!;
        Assert.Equal("2026-12-01T09:00:00+08:00", notice.GetProperty("start").GetString());
        await SentAsync(id, expected: 4);

        // At-least-once delivery: the plan and a page arrive again.
        await _desk.RunFunctionAsync("NoticeFanout", $$"""{"community":"{{Community}}","noticeId":"{{id}}","version":1}""");
        await _desk.RunFunctionAsync("NoticeFanout", $$"""{"community":"{{Community}}","noticeId":"{{id}}","version":1,"building":"3","skip":0,"take":500,"offset":0}""");
        await DrainedAsync();

        var sms = await SmsLog.ForGroupAsync(Notice.SmsGroupFor(Community, id), CancellationToken.None);
        Assert.Equal(["+8613800000101", "+8613800000103", "+8613800000202", "+8613800000203"], sms.Select(s => s.To).Order());
        Assert.All(sms, s => Assert.Equal((SmsStatuses.Sent, 1, "notice-v1"), (s.Status, s.Attempts, s.Purpose)));
        Assert.All(sms, s => Assert.StartsWith("【物业客服】停水通知：3、5栋计划停水。12月1日09:00至12月1日17:00，3栋、5栋。", s.Text));
        Assert.All(sms, s => Assert.True(s.Segments <= 2, s.Text));

        var counts = (await DetailAsync(id)).GetProperty("broadcasts")[0];
        Assert.Equal((4, 4, 0, 4, 0), (counts.GetProperty("households").GetInt32(), counts.GetProperty("queued").GetInt32(),
            counts.GetProperty("skipped").GetInt32(), counts.GetProperty("sent").GetInt32(), counts.GetProperty("failed").GetInt32()));
    }

    [Fact]
    public async Task Opted_out_residents_are_skipped_but_not_for_a_safety_notice()
    {
        await SeedAsync(
            Person("1", null, "101", "退订者", "+8613900000101"),
            Person("1", null, "102", "退订业主", "+8613900000102"),
            Person("1", null, "102", "家人", "+8613900000112", ResidentRelations.Family),
            Person("1", null, "103", "普通业主", "+8613900000103"));
        var optOuts = _desk.Services.GetRequiredService<IOptOuts>();
        await optOuts.SetAsync("+8613900000101", true, DateTimeOffset.UtcNow, CancellationToken.None);
        await optOuts.SetAsync("+8613900000102", true, DateTimeOffset.UtcNow, CancellationToken.None);

        var general = (await PublishAsync(new
        {
            community = Community, type = "general", title = "垃圾分类宣传", body = "本周六上午在中心广场进行垃圾分类宣传。",
            buildings = new[] { "1" }, sendSms = true,
        })).GetProperty("id").GetString()!;
        await SentAsync(general, expected: 2);
        var gas = (await PublishAsync(new
        {
            community = Community, type = "gas", title = "燃气管道检修", body = "1栋燃气暂停供应，请关闭燃气阀门。",
            buildings = new[] { "1" }, sendSms = true,
        })).GetProperty("id").GetString()!;
        await SentAsync(gas, expected: 3);
        await DrainedAsync();

        // The opted-out owner of 102 is passed over for the family member; 101 has nobody else and is skipped.
        Assert.Equal(["+8613900000103", "+8613900000112"],
            (await SmsLog.ForGroupAsync(Notice.SmsGroupFor(Community, general), CancellationToken.None)).Select(s => s.To).Order());
        Assert.Equal(["+8613900000101", "+8613900000102", "+8613900000103"],
            (await SmsLog.ForGroupAsync(Notice.SmsGroupFor(Community, gas), CancellationToken.None)).Select(s => s.To).Order());
        var counts = (await DetailAsync(general)).GetProperty("broadcasts")[0];
        Assert.Equal((3, 2, 1), (counts.GetProperty("households").GetInt32(), counts.GetProperty("queued").GetInt32(), counts.GetProperty("skipped").GetInt32()));
    }

    [Fact]
    public async Task An_update_informs_the_same_households_and_withdrawn_notices_disappear()
    {
        await SeedAsync(Person("8", null, "101", "甲", "+8613700000101"), Person("8", null, "102", "乙", "+8613700000102"));
        var works = (await PublishAsync(new
        {
            community = Community, type = "works", title = "外墙清洗", body = "8栋外墙清洗，请关好窗户。", buildings = new[] { "8" }, sendSms = false,
        })).GetProperty("id").GetString()!;
        using var created = await _staff.PostAsJsonAsync("/api/staff/notices", new
        {
            community = Community, type = "power", title = "8栋停电", body = "配电房检修。", buildings = new[] { "8" }, sendSms = true,
        });
        var etag = created.Headers.ETag!.Tag;
        var createdBody = await created.Content.ReadFromJsonAsync<JsonElement>();
        var power = createdBody.GetProperty("id").GetString()!;
        // The body carries the ETag too: a console on another origin cannot read the header.
        Assert.Equal(created.Headers.ETag!.ToString(), createdBody.GetProperty("etag").GetString());
        await SentAsync(power, expected: 2);

        // Outages first for owners.
        var list = await _desk.Client.GetFromJsonAsync<JsonElement>($"/api/notices?community={Community}");
        Assert.Equal([power, works], list.EnumerateArray().Select(n => n.GetProperty("id").GetString()));

        using var update = new HttpRequestMessage(HttpMethod.Put, $"/api/staff/notices/{power}")
        {
            Content = JsonContent.Create(new { community = Community, update = "已于15:40恢复供电", resolved = true }),
        };
        update.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        using (var updated = await _staff.SendAsync(update))
        {
            Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        }
        var sms = await SentAsync(power, expected: 4);
        var second = sms.Where(s => s.Purpose == "notice-v2").ToList();
        Assert.Equal(["+8613700000101", "+8613700000102"], second.Select(s => s.To).Order());
        Assert.All(second, s => Assert.Equal("【物业客服】停电通知更新（8栋停电）：已于15:40恢复供电", s.Text));

        // The old ETag is stale now.
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/staff/notices/{power}")
        {
            Content = JsonContent.Create(new { community = Community, update = "again" }),
        };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        using (var refused = await _staff.SendAsync(stale))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        }

        list = await _desk.Client.GetFromJsonAsync<JsonElement>($"/api/notices?community={Community}");
        var resolved = list.EnumerateArray().Single(n => n.GetProperty("id").GetString() == power);
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        Assert.Equal("已于15:40恢复供电", resolved.GetProperty("updates")[0].GetProperty("text").GetString());

        using (var withdrawn = await _staff.PostAsJsonAsync($"/api/staff/notices/{works}/withdraw", new { community = Community, reason = "改期" }))
        {
            Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        }
        list = await _desk.Client.GetFromJsonAsync<JsonElement>($"/api/notices?community={Community}");
        Assert.DoesNotContain(list.EnumerateArray(), n => n.GetProperty("id").GetString() == works);
        Assert.Empty(await SmsLog.ForGroupAsync(Notice.SmsGroupFor(Community, works), CancellationToken.None));
    }

    [Fact]
    public async Task A_clerk_may_publish_a_notice_but_only_a_supervisor_of_the_community_texts_every_household()
    {
        using var clerk = await StaffClients.SignInAsync(_desk, "前台小王", "staff");
        object Draft(bool sms) => new { community = Community, type = "general", title = "电梯年检", body = "周四上午电梯年检。", allBuildings = true, sendSms = sms };
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostAsJsonAsync("/api/staff/notices", Draft(true))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await clerk.PostAsJsonAsync("/api/staff/notices", Draft(false))).StatusCode);
        // A supervisor of another community is a clerk here: no broadcast, and no reading this community's notices.
        using var elsewhere = await StaffClients.SignInAsync(_desk, "枫林主管", "supervisor:maple-court");
        Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.PostAsJsonAsync("/api/staff/notices", Draft(true))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.GetAsync($"/api/staff/notices?community={Community}")).StatusCode);
        using var scoped = await StaffClients.SignInAsync(_desk, "阳光主管", $"supervisor:{Community}");
        Assert.Equal(HttpStatusCode.Created, (await scoped.PostAsJsonAsync("/api/staff/notices", Draft(true))).StatusCode);
    }

    [Fact]
    public async Task Invalid_notices_get_field_errors_in_the_callers_language()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/staff/notices")
        {
            Content = JsonContent.Create(new { community = Community, type = "flood", title = "", start = "tomorrow", sendSms = true }),
        };
        request.Headers.AcceptLanguage.ParseAdd("en");
        using var response = await _staff.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["body", "buildings", "start", "title", "type"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("name the affected buildings, or set allBuildings", errors.GetProperty("buildings")[0].GetString());

        using var wrongType = await _staff.PostAsync("/api/staff/notices",
            new StringContent("""{"community":"sunshine-garden","buildings":"3"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        using var tooLarge = await _staff.PostAsync("/api/staff/notices",
            new StringContent($$"""{"body":"{{new string('x', 17 * 1024)}}"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        using var missing = await _desk.Client.GetAsync("/api/notices");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Theory]
    [InlineData("POST", "/api/staff/notices")]
    [InlineData("GET", "/api/staff/notices?community=sunshine-garden")]
    [InlineData("GET", "/api/staff/notices/N261128-AAAA?community=sunshine-garden")]
    [InlineData("PUT", "/api/staff/notices/N261128-AAAA")]
    [InlineData("POST", "/api/staff/notices/N261128-AAAA/withdraw")]
    [InlineData("POST", "/api/staff/events")]
    [InlineData("GET", "/api/staff/events/E261128-AAAA/signups")]
    public async Task Staff_endpoints_refuse_anonymous_callers(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET")
        {
            request.Content = JsonContent.Create(new { community = Community });
        }
        using var response = await _desk.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
