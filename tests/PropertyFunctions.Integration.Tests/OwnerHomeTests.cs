using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Core.Home;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Replies;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

/// <summary>
/// The owner's home on the local host over Azurite with a fake clock: sign-in by phone and SMS code (no enumeration, expiry,
/// attempts, limits), the home of one unit's resident and nobody else's, fee make-up, fee replies into the staff queue, a
/// promise pausing reminders, SMS replies to reminders, preferences, and the session kept apart from staff routes.
/// </summary>
public sealed partial class OwnerHomeTests
{
    /// <summary>10:00 on 10 December 2026 in Shanghai.</summary>
    private static readonly DateTimeOffset TenAmLocal = new(2026, 12, 10, 2, 0, 0, TimeSpan.Zero);
    private const string Community = "sunshine-garden";
    private const string Mine = "+8613800000101";
    private const string Neighbour = "+8613800000102";
    private const string Stranger = "+8613800000199";

    public const string OwnersCsv = """
        community,building,unit,room,name,phone,language,relation,area,parkingSpace
        sunshine-garden,1,1,101,王女士,13800000101,,owner,89.50,B1-023
        sunshine-garden,1,1,102,邻居,13800000102,,owner,120,
        """;

    // 101: a quarter's property fee at 2.50/m²·month (89.50 m² × 3 = 671.25) and November's parking at 300 a space, 7 days overdue.
    public const string FeesCsv = """
        community,building,unit,room,feeType,period,amount,dueDate,paidAmount,rate
        sunshine-garden,1,1,101,property,2026Q4,671.25,2026-12-31,0,2.50
        sunshine-garden,1,1,101,parking,2026-11,300,2026-12-03,0,300
        sunshine-garden,1,1,102,property,2026-11,260.00,2026-12-03,0,
        """;

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex Six();

    private static async Task<TestDesk> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var desk = await TestDesk.StartAsync(settings ?? new Dictionary<string, string?>(), TenAmLocal);
        using var admin = await StaffClients.SignInAsync(desk, "admin", "admin");
        foreach (var (what, csv) in new[] { ("owners", OwnersCsv), ("fees", FeesCsv) })
        {
            using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
            using var response = await admin.PutAsync($"/api/staff/{what}", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        return desk;
    }

    private static Task<HttpResponseMessage> AskCodeAsync(HttpClient client, string phone) =>
        client.PostAsJsonAsync("/api/owner/codes", new { community = Community, phone });

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string phone, string code) =>
        client.PostAsJsonAsync("/api/owner/sessions", new { community = Community, phone, code });

    private static async Task<IReadOnlyList<SmsRecord>> CodesSentAsync(TestDesk desk, string phone, int expected)
    {
        var log = desk.Services.GetRequiredService<ISmsLog>();
        return (await TestDesk.EventuallyAsync(() => log.RecentAsync(200, CancellationToken.None),
            list => list.Count(s => s.To == phone && s.Purpose == "code" && s.Status == SmsStatuses.Sent) >= expected))
            .Where(s => s.To == phone && s.Purpose == "code").OrderBy(s => s.FirstAttemptAt).ThenBy(s => s.Group, StringComparer.Ordinal).ToList();
    }

    /// <summary>Asks for a code, reads it from the SMS log as the owner reads their phone, and returns it.</summary>
    private static async Task<string> NewCodeAsync(TestDesk desk, HttpClient client, string phone)
    {
        var before = (await desk.Services.GetRequiredService<ISmsLog>().RecentAsync(200, CancellationToken.None))
            .Where(s => s.To == phone && s.Purpose == "code").Select(s => s.Group).ToHashSet();
        using var asked = await AskCodeAsync(client, phone);
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var sms = await CodesSentAsync(desk, phone, before.Count + 1);
        var fresh = Assert.Single(sms, s => !before.Contains(s.Group));
        Assert.Contains("验证码", fresh.Text, StringComparison.Ordinal);
        return Six().Match(fresh.Text).Value;
    }

    private static async Task<HttpClient> SignedInAsync(TestDesk desk, string phone)
    {
        var client = desk.NewClient();
        var code = await NewCodeAsync(desk, client, phone);
        using var response = await SignInAsync(client, phone, code);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    [Fact]
    public async Task An_owner_signs_in_with_the_code_and_sees_their_unit_tickets_and_fees_with_the_make_up_and_nobody_elses()
    {
        await using var desk = await StartAsync();
        var mine = new List<string>();
        foreach (var (room, phone, text) in new[] { ("101", "13800000101", "厨房水龙头滴水"), ("101", "13800000101", "卫生间灯不亮"), ("102", "13800000102", "阳台渗水") })
        {
            var body = Owners.Repair(text, phone);
            body["building"] = "1";
            body["room"] = room;
            using var submitted = await Owners.SubmitAsync(desk.Client, body);
            Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
            if (room == "101")
            {
                mine.Add((await Owners.JsonAsync(submitted)).GetProperty("id").GetString()!);
            }
        }

        using var owner = desk.NewClient();
        var code = await NewCodeAsync(desk, owner, Mine);
        using (var wrong = await SignInAsync(owner, Mine, code == "000000" ? "111111" : "000000"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using (var home401 = await owner.GetAsync("/api/owner/home"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, home401.StatusCode);
        }
        string cookie;
        using (var signedIn = await SignInAsync(owner, Mine, code))
        {
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
            cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"));
            Assert.StartsWith(OwnerSessionCookieName + "=", cookie, StringComparison.Ordinal);
            Assert.Contains("; HttpOnly", cookie, StringComparison.Ordinal);
            Assert.Contains("; SameSite=Strict", cookie, StringComparison.Ordinal);
            Assert.Contains("; Path=/api/owner", cookie, StringComparison.Ordinal);
            Assert.Contains("; Max-Age=2592000", cookie, StringComparison.Ordinal);
            Assert.DoesNotContain(code, cookie, StringComparison.Ordinal);
        }
        // The code was used once: again, it is refused.
        using (var again = await SignInAsync(desk.NewClient(), Mine, code))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        }

        var home = await Owners.JsonAsync(await owner.GetAsync("/api/owner/home"));
        var unit = Assert.Single(home.GetProperty("units").EnumerateArray());
        Assert.Equal(("1|1|101", "89.50", "B1-023"), (unit.GetProperty("key").GetString(), unit.GetProperty("area").GetString(), unit.GetProperty("parkingSpace").GetString()));
        var tickets = home.GetProperty("tickets").EnumerateArray().ToList();
        Assert.Equal(mine.Order(), tickets.Select(t => t.GetProperty("id").GetString()).Order());
        Assert.All(tickets, t => Assert.StartsWith("/track.html?id=" + t.GetProperty("id").GetString() + "&k=", t.GetProperty("trackUrl").GetString(), StringComparison.Ordinal));
        using (var track = await owner.GetAsync("/api" + tickets[0].GetProperty("trackUrl").GetString()!.Replace("/track.html?id=", "/tickets/", StringComparison.Ordinal).Replace("&k=", "?k=", StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.OK, track.StatusCode);
        }
        var fees = home.GetProperty("fees").EnumerateArray().ToList();
        Assert.Equal(2, fees.Count);
        var property = fees.Single(f => f.GetProperty("feeType").GetString() == "property").GetProperty("makeUp");
        Assert.Equal(("area", "2.50", "89.50", 3, "671.25", "0.00"), (property.GetProperty("basis").GetString(), property.GetProperty("rate").GetString(),
            property.GetProperty("quantity").GetString(), property.GetProperty("months").GetInt32(), property.GetProperty("computed").GetString(),
            property.GetProperty("adjustment").GetString()));
        var parking = fees.Single(f => f.GetProperty("feeType").GetString() == "parking");
        Assert.True(parking.GetProperty("overdue").GetBoolean());
        Assert.Equal(("space", "B1-023", "300.00"), (parking.GetProperty("makeUp").GetProperty("basis").GetString(),
            parking.GetProperty("makeUp").GetProperty("space").GetString(), parking.GetProperty("owed").GetString()));
        Assert.False(string.IsNullOrEmpty(home.GetProperty("paymentInstructions").GetString()));
        Assert.DoesNotContain("13800000102", home.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("阳台渗水", home.GetRawText(), StringComparison.Ordinal);

        // The neighbour's unit is not theirs to write about.
        using (var notMine = await owner.PostAsJsonAsync("/api/owner/fee-replies", new { unit = "1|1|102", kind = "question", text = "这是什么费用？" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, notMine.StatusCode);
            Assert.True((await Owners.JsonAsync(notMine)).GetProperty("errors").TryGetProperty("unit", out _));
        }

        // The session is no key to staff routes, and a staff principal is no key to the owner's.
        var sessionValue = cookie.Split(';')[0];
        using (var staffRoute = new HttpRequestMessage(HttpMethod.Get, $"/api/staff/tickets?community={Community}"))
        {
            staffRoute.Headers.Add("Cookie", sessionValue);
            using var refused = await desk.NewClient().SendAsync(staffRoute);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        using (var staff = await StaffClients.SignInAsync(desk, "管理员", "admin"))
        {
            using var staffHome = await staff.GetAsync("/api/owner/home");
            Assert.Equal(HttpStatusCode.Unauthorized, staffHome.StatusCode);
        }

        // Sign-out ends the session everywhere, not just in this browser.
        using (var signOut = await owner.DeleteAsync("/api/owner/sessions"))
        {
            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        }
        using var replay = new HttpRequestMessage(HttpMethod.Get, "/api/owner/home");
        replay.Headers.Add("Cookie", sessionValue);
        using var afterSignOut = await desk.NewClient().SendAsync(replay);
        Assert.Equal(HttpStatusCode.Unauthorized, afterSignOut.StatusCode);
    }

    private const string OwnerSessionCookieName = "owner_session";

    [Fact]
    public async Task From_home_an_owner_signs_up_as_on_record_and_cancelling_promotes_the_first_waiting_who_is_told_once()
    {
        await using var desk = await StartAsync();
        using var staff = await StaffClients.SignInAsync(desk, "李文员", "staff");
        using var created = await staff.PostAsJsonAsync("/api/staff/events", new
        {
            community = Community, title = "冬至包饺子", description = "一起包饺子。", place = "会所一楼",
            start = "2026-12-20 10:00", end = "2026-12-20 12:00", capacity = 1,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var eventId = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
        using var me = await SignedInAsync(desk, Mine);
        using var neighbour = await SignedInAsync(desk, Neighbour);

        async Task<System.Text.Json.JsonElement> MineAsync(HttpClient owner) =>
            (await owner.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/owner/events")).EnumerateArray().Single(e => e.GetProperty("id").GetString() == eventId);

        Assert.False((await MineAsync(me)).TryGetProperty("myStatus", out _)); // not signed up yet
        using (var joined = await me.PostAsJsonAsync($"/api/owner/events/{eventId}/signups", new { }))
        {
            Assert.Equal(HttpStatusCode.Accepted, joined.StatusCode);
        }
        using (var waits = await neighbour.PostAsJsonAsync($"/api/owner/events/{eventId}/signups", new { }))
        {
            Assert.Equal(HttpStatusCode.Accepted, waits.StatusCode); // the same answer: only the SMS says which
        }
        Assert.Equal("confirmed", (await MineAsync(me)).GetProperty("myStatus").GetString());
        Assert.Equal("waiting", (await MineAsync(neighbour)).GetProperty("myStatus").GetString());
        // Signed up as the records have it: name and unit come from the resident row, nothing typed.
        var signups = await staff.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/staff/events/{eventId}/signups");
        Assert.Contains(signups.GetProperty("signups").EnumerateArray(), x => x.GetProperty("name").GetString() == "王女士" && x.GetProperty("room").GetString() == "101");

        for (var i = 0; i < 2; i++)
        {
            using var cancelled = await me.DeleteAsync($"/api/owner/events/{eventId}/signups"); // a repeat answers the same
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        }
        Assert.Equal("cancelled", (await MineAsync(me)).GetProperty("myStatus").GetString());
        Assert.Equal("confirmed", (await MineAsync(neighbour)).GetProperty("myStatus").GetString());
        var log = desk.Services.GetRequiredService<ISmsLog>();
        var sms = await TestDesk.EventuallyAsync(() => log.ForGroupAsync($"event:{Community}:{eventId}", CancellationToken.None),
            l => l.Count(x => x.To == Neighbour && x.Status == SmsStatuses.Sent) >= 2);
        Assert.Equal(2, sms.Count(x => x.To == Neighbour)); // waiting, then promoted: once each

        // Someone else's event id, or a made-up one, is not found; without the cookie nothing is answered.
        using var unknown = await me.PostAsJsonAsync("/api/owner/events/E261128-ZZZZ/signups", new { });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var anonymous = await desk.NewClient().GetAsync("/api/owner/events");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task No_request_sequence_tells_a_registered_number_from_another_and_only_numbers_on_record_are_texted()
    {
        await using var desk = await StartAsync(new Dictionary<string, string?> { ["Desk:OwnerSessions:CodesPerPhonePerHour"] = "2" });
        var answers = new Dictionary<string, List<(HttpStatusCode, string)>>();
        var clients = new Dictionary<string, HttpClient>();
        foreach (var phone in new[] { Mine, Stranger })
        {
            var client = clients[phone] = desk.NewClient();
            var list = answers[phone] = [];
            for (var i = 0; i < 3; i++)
            {
                using var asked = await AskCodeAsync(client, phone);
                list.Add((asked.StatusCode, await asked.Content.ReadAsStringAsync()));
            }
        }
        // Let the queue finish with both numbers' requests, then guess a code for each.
        await CodesSentAsync(desk, Mine, 2);
        var codes = desk.Storage.Queue(PropertyFunctions.Azure.Storage.StorageNames.OwnerCodesQueue);
        await TestDesk.EventuallyAsync(async () => (await codes.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0);
        foreach (var phone in new[] { Mine, Stranger })
        {
            using var guess = await SignInAsync(clients[phone], phone, "123456");
            answers[phone].Add((guess.StatusCode, await guess.Content.ReadAsStringAsync()));
        }
        // Byte for byte the same: 202, 202, then the phone's limit (429), then a refused guess (401).
        Assert.Equal(answers[Mine], answers[Stranger]);
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests, HttpStatusCode.Unauthorized],
            answers[Mine].Select(a => a.Item1));

        var all = await TestDesk.EventuallyAsync(() => desk.Services.GetRequiredService<ISmsLog>().RecentAsync(200, CancellationToken.None),
            list => list.Count(s => s.Purpose == "code") >= 2);
        Assert.All(all.Where(s => s.Purpose == "code"), s => Assert.Equal(Mine, s.To));
        Assert.DoesNotContain(all, s => s.To == Stranger);
        // The records hold only a hash of the code.
        var row = await desk.Services.GetRequiredService<IOwnerSignIns>().GetCodeAsync(Community, Mine, CancellationToken.None);
        Assert.NotNull(row);
        Assert.Equal(64, row.Value.Hash.Length);
        Assert.DoesNotContain(Six().Match(all.First(s => s.Purpose == "code").Text).Value, row.Value.Hash, StringComparison.Ordinal);
        // The stranger's number gets a decoy that no code matches, so a guess costs the same work for both; nobody was texted.
        var decoy = await desk.Services.GetRequiredService<IOwnerSignIns>().GetCodeAsync(Community, Stranger, CancellationToken.None);
        Assert.NotNull(decoy);
        Assert.Equal(1, decoy.Value.Attempts);
        Assert.Equal(1, row.Value.Attempts);

        // The client address is limited too, whatever numbers it tries (20 an hour by default; 2 were the phone's above).
        var address = desk.NewClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var asked = await AskCodeAsync(address, $"+86139000{i:D5}");
            statuses.Add(asked.StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Fact]
    public async Task A_code_lasts_five_minutes_allows_five_attempts_and_is_used_once()
    {
        await using var desk = await StartAsync();
        var client = desk.NewClient();
        var expired = await NewCodeAsync(desk, client, Mine);
        desk.Time!.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        using (var late = await SignInAsync(client, Mine, expired))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, late.StatusCode);
        }

        var code = await NewCodeAsync(desk, client, Mine);
        var wrong = code == "999999" ? "999998" : "999999";
        for (var i = 0; i < OwnerSignIn.MaxAttempts; i++)
        {
            using var guess = await SignInAsync(client, Mine, wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }
        using (var sixth = await SignInAsync(client, Mine, code))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, sixth.StatusCode);
        }

        desk.Time.Advance(TimeSpan.FromMinutes(1));
        var fresh = await NewCodeAsync(desk, client, Mine);
        using (var right = await SignInAsync(client, Mine, fresh))
        {
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        }
        // Malformed codes are a validation error, not an attempt.
        using var malformed = await SignInAsync(client, Mine, "12ab56");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task A_promise_to_pay_reaches_the_service_centre_queue_and_pauses_reminders_and_an_sms_reply_does_the_same()
    {
        await using var desk = await StartAsync();
        using var owner = await SignedInAsync(desk, Mine);

        using (var badDate = await owner.PostAsJsonAsync("/api/owner/fee-replies", new { unit = "1|1|101", kind = "promise", promisedDate = "2026-12-09" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        }
        using var promised = await owner.PostAsJsonAsync("/api/owner/fee-replies",
            new { unit = "1|1|101", kind = "promise", promisedDate = "2026-12-15", text = "月中发工资后缴清" });
        Assert.Equal(HttpStatusCode.Created, promised.StatusCode);
        var id = (await Owners.JsonAsync(promised)).GetProperty("id").GetString();

        using var clerk = await StaffClients.SignInAsync(desk, "前台小李", "staff");
        var queued = await TestDesk.EventuallyAsync(async () => await Owners.JsonAsync(await clerk.GetAsync($"/api/staff/tickets?community={Community}")),
            q => q.GetProperty("items").EnumerateArray().Any(t => t.GetProperty("id").GetString() == id && t.TryGetProperty("department", out var d)
                && d.GetString() == "service"));
        var ticket = queued.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);
        Assert.Equal("fee", ticket.GetProperty("kind").GetString());
        Assert.Equal("service", ticket.GetProperty("department").GetString());
        Assert.Contains("业主承诺缴费日期：2026-12-15", ticket.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("月中发工资后缴清", ticket.GetProperty("description").GetString(), StringComparison.Ordinal);

        var home = await Owners.JsonAsync(await owner.GetAsync("/api/owner/home"));
        Assert.All(home.GetProperty("fees").EnumerateArray(), f => Assert.Equal("2026-12-15", f.GetProperty("promisedBy").GetString()));
        Assert.Contains(home.GetProperty("tickets").EnumerateArray(), t => t.GetProperty("id").GetString() == id);

        // The reminder run: 101's parking fee is 7 days overdue but promised for the 15th, so only 102 is reminded.
        await desk.RunFunctionAsync("FeeReminders");
        var log = desk.Services.GetRequiredService<ISmsLog>();
        var sent = await TestDesk.EventuallyAsync(() => log.RecentAsync(200, CancellationToken.None),
            list => list.Any(s => s.To == Neighbour && s.Purpose.StartsWith("fee-", StringComparison.Ordinal) && s.Status == SmsStatuses.Sent));
        Assert.DoesNotContain(sent, s => s.To == Mine && s.Purpose.StartsWith("fee-", StringComparison.Ordinal));

        // The neighbour answers the reminder in free text: a fee ticket, not the help SMS.
        await desk.Services.GetRequiredService<InboundSms>().ReceiveAsync(Neighbour, "我对这个月的费用有疑问，请联系我", CancellationToken.None);
        var withReply = await TestDesk.EventuallyAsync(async () => await Owners.JsonAsync(await clerk.GetAsync($"/api/staff/tickets?community={Community}")),
            q => q.GetProperty("items").EnumerateArray().Any(t => t.GetProperty("description").GetString()!.Contains("请联系我", StringComparison.Ordinal)));
        var reply = withReply.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("description").GetString()!.Contains("请联系我", StringComparison.Ordinal));
        Assert.Equal("fee", reply.GetProperty("kind").GetString());
        Assert.Contains("业主短信回复缴费提醒", reply.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(await log.RecentAsync(200, CancellationToken.None), s => s.To == Neighbour && s.Purpose == "help");

        // A stranger's free text still only earns the help SMS.
        await desk.Services.GetRequiredService<InboundSms>().ReceiveAsync(Stranger, "你好", CancellationToken.None);
        await TestDesk.EventuallyAsync(() => log.RecentAsync(200, CancellationToken.None), list => list.Any(s => s.To == Stranger && s.Purpose == "help"));
    }

    [Fact]
    public async Task Preferences_live_in_the_opt_out_table_and_an_owner_opts_back_in_after_TD()
    {
        await using var desk = await StartAsync();
        var optOuts = desk.Services.GetRequiredService<IOptOuts>();
        await desk.Services.GetRequiredService<InboundSms>().ReceiveAsync(Mine, "TD", CancellationToken.None);
        Assert.True(await optOuts.IsOptedOutAsync(Mine, CancellationToken.None));

        // An owner who sent TD still gets their sign-in code: it is how they opt back in.
        using var owner = await SignedInAsync(desk, Mine);
        var before = await Owners.JsonAsync(await owner.GetAsync("/api/owner/preferences"));
        Assert.True(before.GetProperty("optedOut").GetBoolean());
        Assert.True(before.GetProperty("safetyNotices").GetBoolean());

        using var put = await owner.PutAsJsonAsync("/api/owner/preferences", new { optedOut = false, feeReminders = false, events = false, language = "en" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var after = await Owners.JsonAsync(put);
        Assert.Equal((false, false, true, false, "en"), (after.GetProperty("optedOut").GetBoolean(), after.GetProperty("feeReminders").GetBoolean(),
            after.GetProperty("notices").GetBoolean(), after.GetProperty("events").GetBoolean(), after.GetProperty("language").GetString()));
        Assert.False(await optOuts.IsOptedOutAsync(Mine, CancellationToken.None));
        Assert.Equal(["events", "fees"], (await optOuts.TopicsOffAsync(Mine, CancellationToken.None)).Order());
        // A topic row is not a TD: the broadcast runs' list of opted-out phones does not grow.
        Assert.DoesNotContain(Mine, await optOuts.AllAsync(CancellationToken.None));

        using var bad = await owner.PutAsJsonAsync("/api/owner/preferences", new { language = "fr" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        // With fee reminders off, the reminder run leaves 101 alone (its parking fee is overdue).
        await desk.RunFunctionAsync("FeeReminders");
        var sent = await TestDesk.EventuallyAsync(() => desk.Services.GetRequiredService<ISmsLog>().RecentAsync(200, CancellationToken.None),
            list => list.Any(s => s.To == Neighbour && s.Status == SmsStatuses.Sent));
        Assert.DoesNotContain(sent, s => s.To == Mine && s.Purpose.StartsWith("fee-", StringComparison.Ordinal));
    }
}
