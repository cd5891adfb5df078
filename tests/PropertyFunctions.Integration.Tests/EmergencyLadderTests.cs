using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

/// <summary>An emergency at 02:00 that nobody accepts, on a fake clock: the ServiceLevelWatch timer pages up the ladder until someone does.</summary>
public sealed class EmergencyLadderTests : IAsyncLifetime
{
    // 02:00 on 28 November in Shanghai.
    private static readonly DateTimeOffset TwoAmLocal = new(2026, 11, 27, 18, 0, 0, TimeSpan.Zero);
    private const string Manager = "+8613900000007";
    private const string Supervisor = "+8613900000004";

    /// <summary>At 02:00 the emergency goes to on-call engineering, on-call security, the night shift and the supervisor.</summary>
    private static readonly string[] Dispatched = ["+8613900000001", "+8613900000003", Supervisor, "+8613900000005"];

    private TestDesk _desk = null!;
    private HttpClient _console = null!;

    public async Task InitializeAsync()
    {
        _desk = await TestDesk.StartAsync(fakeTimeStart: TwoAmLocal);
        await StaffClients.ImportRosterAsync(_desk, StaffClients.Roster + "\nsunshine-garden,孙经理,13900000007,service,manager,false,\n");
        _console = await StaffClients.SignInAsync(_desk, "客服小张", "staff");
    }

    public async Task DisposeAsync()
    {
        _console.Dispose();
        await _desk.DisposeAsync();
    }

    private ISmsLog SmsLog => _desk.Services.GetRequiredService<ISmsLog>();

    /// <summary>Moves the clock (the local host's timer fires on it too) and runs the watch once more, as its next run would.</summary>
    private async Task AtMinuteAsync(int minute)
    {
        _desk.Time!.SetUtcNow(TwoAmLocal.AddMinutes(minute));
        await _desk.RunFunctionAsync("ServiceLevelWatch");
    }

    /// <summary>Who each page went to, once the SMS are sent: page number → phones.</summary>
    private async Task<Dictionary<int, string[]>> PagesAsync(string id, int expectedSms) =>
        (await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(id, CancellationToken.None),
            list => list.Count(s => s.Purpose.StartsWith("ladder-", StringComparison.Ordinal) && s.Status == SmsStatuses.Sent) >= expectedSms))
        .Where(s => s.Purpose.StartsWith("ladder-", StringComparison.Ordinal))
        .GroupBy(s => int.Parse(s.Purpose["ladder-".Length..], System.Globalization.CultureInfo.InvariantCulture))
        .ToDictionary(g => g.Key, g => g.Select(s => s.To).Order().ToArray());

    private async Task<(int Pages, string[] Notes)> LadderAsync(string id)
    {
        var (view, _) = await StaffClients.ViewAsync(_console, id);
        var notes = view.GetProperty("history").EnumerateArray().Select(h => h.TryGetProperty("note", out var n) ? n.GetString()! : "")
            .Where(n => n.Contains("次呼叫", StringComparison.Ordinal)).ToArray();
        return (view.GetProperty("ticket").GetProperty("emergencyPages").GetInt32(), notes);
    }

    private async Task<string[]> BannerAsync()
    {
        var body = await _console.GetFromJsonAsync<JsonElement>("/api/staff/emergencies");
        return body.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToArray();
    }

    [Fact]
    public async Task An_emergency_nobody_accepts_pages_at_5_10_and_20_minutes_and_acceptance_stops_the_ladder()
    {
        var receipt = await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, Owners.Repair("地下室水管爆裂，漏水严重")));
        var id = receipt.GetProperty("id").GetString()!;
        var dispatches = await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(id, CancellationToken.None),
            l => l.Count(s => s.Purpose == "dispatch" && s.Status == SmsStatuses.Sent) == Dispatched.Length);
        await Settled.AfterSmsAsync(_desk, id, "dispatch");
        Assert.Equal(Dispatched.Order(), dispatches.Where(s => s.Purpose == "dispatch").Select(s => s.To).Order());

        // 0 minutes: dispatched, nothing to page yet; the console shows it in red with the service centre's phone.
        await AtMinuteAsync(0);
        Assert.Equal((0, []), await LadderAsync(id));
        var banner = await _console.GetFromJsonAsync<JsonElement>("/api/staff/emergencies");
        var red = Assert.Single(banner.GetProperty("items").EnumerateArray());
        Assert.Equal((id, "sunshine-garden", "400-800-1234"), (red.GetProperty("id").GetString(), red.GetProperty("community").GetString(),
            red.GetProperty("serviceCentrePhone").GetString()));

        // 5 minutes: everyone it was dispatched to again (the duty supervisor among them), each with their own task link.
        await AtMinuteAsync(5);
        var pages = await PagesAsync(id, 4);
        Assert.Equal(Dispatched.Order(), pages[1]);
        var sms = await SmsLog.ForGroupAsync(id, CancellationToken.None);
        foreach (var phone in Dispatched)
        {
            string Code(string purpose) => Regex.Match(sms.Single(s => s.Purpose == purpose && s.To == phone).Text, @"/w/([\w-]{10})$").Groups[1].Value;
            Assert.Equal(Code("dispatch"), Code("ladder-1"));
        }

        // 10 minutes: the second level, the community's manager.
        await AtMinuteAsync(10);
        pages = await PagesAsync(id, 5);
        Assert.Equal([Manager], pages[2]);
        Assert.Contains("紧急工单10分钟无人接单", (await SmsLog.ForGroupAsync(id, CancellationToken.None)).Single(s => s.Purpose == "ladder-2").Text);

        // 15 minutes: not due; 20 minutes: everyone, the manager too.
        await AtMinuteAsync(15);
        Assert.Equal(2, (await LadderAsync(id)).Pages);
        await AtMinuteAsync(20);
        pages = await PagesAsync(id, 10);
        Assert.Equal(Dispatched.Append(Manager).Order(), pages[3]);

        var (count, notes) = await LadderAsync(id);
        Assert.Equal(3, count);
        Assert.Equal(
            [
                "紧急工单5分钟无人接单，第1次呼叫：张师傅、赵保安、夜班刘、王主管",
                "紧急工单10分钟无人接单，第2次呼叫：孙经理",
                "紧急工单20分钟无人接单，第3次呼叫：张师傅、赵保安、夜班刘、王主管、孙经理",
            ], notes);
        Assert.Contains(id, await BannerAsync());

        // Accepted from the night shift's task link at 22 minutes: no more pages, and the red banner is gone.
        _desk.Time!.SetUtcNow(TwoAmLocal.AddMinutes(22));
        var code = Regex.Match(sms.Single(s => s.Purpose == "dispatch" && s.To == "+8613900000005").Text, @"/w/([\w-]{10})$").Groups[1].Value;
        using (var accepted = await _desk.Client.PostAsJsonAsync($"/api/tasks/{code}/actions", new { action = "accept" }))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }
        Assert.DoesNotContain(id, await BannerAsync());
        foreach (var minute in new[] { 30, 40, 60 })
        {
            await AtMinuteAsync(minute);
        }
        Assert.Equal(3, (await LadderAsync(id)).Pages);
        Assert.DoesNotContain(await SmsLog.ForGroupAsync(id, CancellationToken.None), s => s.Purpose == "ladder-4");
    }

    [Fact]
    public async Task An_emergency_held_by_the_abuse_policy_climbs_the_ladder_in_the_console_without_texting_anyone()
    {
        // The fourth emergency in an hour from one phone is stored and shown, but texts nobody (Desk:Abuse:EmergenciesPerHour).
        string? held = null;
        for (var building = 1; building <= 4; building++)
        {
            var body = Owners.Repair("地下室水管爆裂，漏水严重", "13800138077");
            body["building"] = building.ToString(System.Globalization.CultureInfo.InvariantCulture);
            held = (await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, body))).GetProperty("id").GetString()!;
        }
        await TestDesk.EventuallyAsync(() => StaffClients.ViewAsync(_console, held!),
            v => v.Body.GetProperty("ticket").GetProperty("status").GetString() == "dispatched");
        Assert.True((await StaffClients.ViewAsync(_console, held!)).Body.GetProperty("ticket").GetProperty("smsHeld").GetBoolean());

        await AtMinuteAsync(5);
        await AtMinuteAsync(10);
        var (pages, notes) = await LadderAsync(held!);
        Assert.Equal(2, pages);
        Assert.All(notes, n => Assert.Contains("未发短信", n, StringComparison.Ordinal));
        Assert.Contains(held!, await BannerAsync());
        Assert.Empty(await SmsLog.ForGroupAsync(held!, CancellationToken.None));
    }
}
