using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

/// <summary>
/// The technician's task page API (<c>/api/tasks/{code}</c>) from the link in the dispatch SMS, against Azurite. An emergency is
/// dispatched at any hour, so these desks start their fake clock at the real time: Azurite checks photo upload URLs against its
/// own clock.
/// </summary>
public sealed partial class FieldTaskTests : IAsyncLifetime
{
    private const string Owner = "+8613800138000";
    private const string Zhang = "+8613900000001";
    private const string Zhao = "+8613900000003";
    private TestDesk _desk = null!;
    private readonly HttpClient _storage = new();

    public async Task InitializeAsync()
    {
        _desk = await TestDesk.StartAsync(fakeTimeStart: DateTimeOffset.UtcNow);
        await StaffClients.ImportRosterAsync(_desk);
    }

    public async Task DisposeAsync()
    {
        _storage.Dispose();
        await _desk.DisposeAsync();
    }

    private ISmsLog SmsLog => _desk.Services.GetRequiredService<ISmsLog>();

    [GeneratedRegex(@"/w/([\w-]{10})$")]
    private static partial Regex TaskLink();

    private async Task<SmsRecord> SmsAsync(string id, string purpose, string to) =>
        (await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(id, CancellationToken.None),
            list => list.Any(s => s.Purpose.StartsWith(purpose, StringComparison.Ordinal) && s.To == to && s.Status == SmsStatuses.Sent)))
        .Last(s => s.Purpose.StartsWith(purpose, StringComparison.Ordinal) && s.To == to);

    /// <summary>
    /// An emergency, and the task-link code in the dispatch SMS to <paramref name="staff"/>. Each in a building of its own: a
    /// building's emergencies page staff at most once in ten minutes (the abuse policy).
    /// </summary>
    private async Task<(string Id, string Token, string Code)> EmergencyAsync(string description, string building = "5", string staff = Zhang)
    {
        var body = Owners.Repair(description);
        body["building"] = building;
        var receipt = await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, body));
        var id = receipt.GetProperty("id").GetString()!;
        return (id, receipt.GetProperty("token").GetString()!, await CodeAsync(id, "dispatch", staff));
    }

    private async Task<string> CodeAsync(string id, string purpose, string staff) =>
        TaskLink().Match((await SmsAsync(id, purpose, staff)).Text).Groups[1].Value;

    private async Task<(HttpStatusCode Status, JsonElement Body)> TaskAsync(string code)
    {
        using var response = await _desk.Client.GetAsync($"/api/tasks/{code}");
        return (response.StatusCode, await Owners.JsonAsync(response));
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> ActAsync(string code, object body)
    {
        using var response = await _desk.Client.PostAsJsonAsync($"/api/tasks/{code}/actions", body);
        return (response.StatusCode, await Owners.JsonAsync(response));
    }

    private static string[] Actions(JsonElement view) => view.GetProperty("actions").EnumerateArray().Select(a => a.GetString()!).ToArray();

    /// <summary>A small JPEG: its first bytes are what the API checks.</summary>
    private static byte[] Jpeg()
    {
        var bytes = new byte[2048];
        new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00 }.CopyTo(bytes, 0);
        return bytes;
    }

    [Fact]
    public async Task A_technician_works_an_emergency_from_the_sms_link_alone_and_every_step_is_theirs_in_the_history()
    {
        var (id, token, code) = await EmergencyAsync("地下室水管爆裂，漏水严重");
        var (status, view) = await TaskAsync(code);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((id, "地下室水管爆裂，漏水严重", Owner, "张师傅"), (view.GetProperty("id").GetString(), view.GetProperty("description").GetString(),
            view.GetProperty("ownerPhone").GetString(), view.GetProperty("staff").GetString()));
        Assert.Equal(["accept", "help"], Actions(view));
        Assert.Equal(30, view.GetProperty("expectedArrivalMinutes").GetInt32());

        (status, view) = await ActAsync(code, new { action = "accept" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("accepted", view.GetProperty("status").GetString());
        Assert.Equal(["depart", "arrive", "resolve", "help"], Actions(view));
        // Security got the same emergency: their link still shows it, but the job's steps are the one who took it.
        var zhao = await CodeAsync(id, "dispatch", Zhao);
        Assert.Equal(["help"], Actions((await TaskAsync(zhao)).Body));
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(zhao, new { action = "depart", eta = 10 })).Status);

        (status, var problem) = await ActAsync(code, new { action = "depart" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("eta", out _));
        (status, view) = await ActAsync(code, new { action = "depart", eta = 20 });
        Assert.Equal((HttpStatusCode.OK, "in_progress"), (status, view.GetProperty("status").GetString()));
        Assert.Equal($"【物业客服】张师傅已出发处理{id}，预计20分钟内到达。", (await SmsAsync(id, "on-my-way", Owner)).Text);

        // A work photo, through the upload path owners' photos take.
        using var upload = await _desk.Client.PostAsJsonAsync($"/api/tasks/{code}/photos", new { contentType = "image/jpeg", size = 2048 });
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var url = (await Owners.JsonAsync(upload)).GetProperty("uploadUrl").GetString()!;
        using (var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(Jpeg()) })
        {
            put.Headers.Add("x-ms-blob-type", "BlockBlob");
            put.Content.Headers.ContentType = new("image/jpeg");
            Assert.Equal(HttpStatusCode.Created, (await _storage.SendAsync(put)).StatusCode);
        }
        using var attached = await _desk.Client.PostAsJsonAsync($"/api/tasks/{code}/photos/1/attach", new { });
        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        Assert.Single((await Owners.JsonAsync(attached)).GetProperty("workPhotos").EnumerateArray());
        Assert.True(await _desk.Storage.Container(PropertyFunctions.Azure.Storage.StorageNames.PhotosContainer).GetBlobClient($"{id}/w1.jpg").ExistsAsync());

        _desk.Time!.Advance(TimeSpan.FromMinutes(12));
        (status, view) = await ActAsync(code, new { action = "arrive" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(view.TryGetProperty("arrivedAt", out _));
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(code, new { action = "arrive" })).Status);

        (status, view) = await ActAsync(code, new { action = "resolve", note = "更换了阀门" });
        Assert.Equal((HttpStatusCode.OK, "resolved"), (status, view.GetProperty("status").GetString()));
        Assert.Empty(Actions(view));
        Assert.Contains("已处理完毕", (await SmsAsync(id, "resolved", Owner)).Text);

        // The history names the person the link was sent to, on the task page's channel, for every step.
        using var console = await StaffClients.SignInAsync(_desk, "王主管", "supervisor");
        var (record, _) = await StaffClients.ViewAsync(console, id);
        var theirs = record.GetProperty("history").EnumerateArray()
            .Where(h => h.GetProperty("channel").GetString() == "task").Select(h => h.GetProperty("actor").GetString()).ToList();
        Assert.Equal(5, theirs.Count); // accept, depart, photo, arrive, resolve
        Assert.All(theirs, actor => Assert.Equal("staff:张师傅", actor));
        Assert.Single(record.GetProperty("workPhotos").EnumerateArray());

        // The month's report: on site 12 minutes after the report (within the 30 promised), and the engineer's own figures.
        var report = await Owners.JsonAsync(await console.GetAsync("/api/staff/reports?community=sunshine-garden"));
        var engineering = report.GetProperty("departments").EnumerateArray().Single(d => d.GetProperty("department").GetString() == "engineering");
        Assert.Equal(12, engineering.GetProperty("timeToArrive").GetProperty("medianMinutes").GetDouble());
        Assert.Equal((1, 0), (engineering.GetProperty("onSiteWithinTarget").GetProperty("met").GetInt32(),
            engineering.GetProperty("onSiteWithinTarget").GetProperty("missed").GetInt32()));
        var zhang = Assert.Single(report.GetProperty("staff").EnumerateArray());
        Assert.Equal(("张师傅", 1, 12.0), (zhang.GetProperty("name").GetString(), zhang.GetProperty("accepted").GetInt32(),
            zhang.GetProperty("timeToArrive").GetProperty("medianMinutes").GetDouble()));
        using var csv = await console.GetAsync("/api/staff/reports?community=sunshine-garden&format=csv&table=staff");
        var lines = Encoding.UTF8.GetString((await csv.Content.ReadAsByteArrayAsync())[3..]).TrimEnd().Split("\r\n");
        Assert.StartsWith("姓名,手机,接单数,", lines[0]);
        Assert.StartsWith("\"张师傅\",\"'+86*******0001\",1,0,1,12,1,12,", lines[1]);

        // Once the owner's rating closes it, the link opens nothing.
        using var rated = await _desk.Client.PostAsJsonAsync($"/api/tickets/{id}/feedback?k={token}", new { score = 5, @fixed = true });
        rated.EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await TaskAsync(code)).Status);
    }

    [Fact]
    public async Task A_task_link_opens_its_own_ticket_only_and_stops_when_the_ticket_is_reassigned_away()
    {
        var (first, _, code) = await EmergencyAsync("3号楼电梯困人了");
        var (second, _, _) = await EmergencyAsync("2号楼水管爆裂，漏水严重", building: "2");

        // Whatever the body names, a code acts on its own ticket.
        var (status, view) = await ActAsync(code, new { action = "accept", id = second, ticketId = second });
        Assert.Equal((HttpStatusCode.OK, first), (status, view.GetProperty("id").GetString()));
        using var console = await StaffClients.SignInAsync(_desk, "王主管", "supervisor");
        Assert.Equal("dispatched", (await StaffClients.ViewAsync(console, second)).Body.GetProperty("ticket").GetProperty("status").GetString());

        // Reassigned to security: both links of the first dispatch are dead, and the new dispatch's link works.
        var zhaoBefore = await CodeAsync(first, "dispatch", Zhao);
        var (_, etag) = await StaffClients.ViewAsync(console, first);
        using (var reassigned = await StaffClients.ActAsync(console, first, etag, new { action = "reassign", assignee = "赵保安" }))
        {
            Assert.Equal(HttpStatusCode.OK, reassigned.StatusCode);
        }
        var zhaoNow = await CodeAsync(first, "dispatch-", Zhao);
        Assert.NotEqual(zhaoBefore, zhaoNow);
        foreach (var dead in new[] { code, zhaoBefore })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await TaskAsync(dead)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await ActAsync(dead, new { action = "help" })).Status);
        }
        (status, view) = await ActAsync(zhaoNow, new { action = "accept" });
        Assert.Equal((HttpStatusCode.OK, "赵保安"), (status, view.GetProperty("acceptedBy").GetString()));

        // Made-up codes, an owner's tracking code and a phone taken off the roster open nothing either.
        var tracking = Regex.Match((await SmsAsync(second, "ack", Owner)).Text, @"/t/([\w-]{10})$").Groups[1].Value;
        foreach (var unknown in new[] { "AAAAAAAAAA", "short", tracking })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await TaskAsync(unknown)).Status);
        }
        var secondCode = await CodeAsync(second, "dispatch", Zhang);
        Assert.Equal(HttpStatusCode.OK, (await TaskAsync(secondCode)).Status);
        await StaffClients.ImportRosterAsync(_desk, "community,name,phone,department,role,onCall\nsunshine-garden,赵保安,13900000003,security,staff,true\n");
        Assert.Equal(HttpStatusCode.NotFound, (await TaskAsync(secondCode)).Status);
    }

    [Fact]
    public async Task A_roster_without_a_supervisor_or_manager_is_flagged_when_it_is_imported()
    {
        using var admin = await StaffClients.SignInAsync(_desk, "admin", "admin");
        using var content = new StringContent("community,name,phone,department,role,onCall\nsunshine-garden,张师傅,13900000001,engineering,staff,true\n" +
            "quiet-garden,周经理,13900000008,service,manager,true\nquiet-garden,吴主管,13900000009,service,supervisor,true\n", Encoding.UTF8, "text/csv");
        using var response = await admin.PutAsync("/api/staff/roster", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var warnings = (await Owners.JsonAsync(response)).GetProperty("warnings").EnumerateArray()
            .Select(w => (w.GetProperty("community").GetString(), w.GetProperty("code").GetString())).ToList();
        Assert.Equal([("sunshine-garden", "supervisor"), ("sunshine-garden", "manager")], warnings);
    }
}
