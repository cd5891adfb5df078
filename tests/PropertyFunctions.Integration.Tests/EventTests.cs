using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

public sealed class EventTests : IAsyncLifetime
{
    private const string Community = "sunshine-garden";
    // 07:00 on 1 December in Shanghai (quiet hours); the events below are on 2 December.
    private static readonly DateTimeOffset SevenAmLocal = new(2026, 11, 30, 23, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset TenAmLocal = SevenAmLocal.AddHours(3);
    private TestDesk _desk = null!;
    private HttpClient _staff = null!;

    public async Task InitializeAsync()
    {
        _desk = await TestDesk.StartAsync(fakeTimeStart: SevenAmLocal);
        _staff = await StaffClients.SignInAsync(_desk, "活动组", "staff");
    }

    public async Task DisposeAsync()
    {
        _staff.Dispose();
        await _desk.DisposeAsync();
    }

    private ISmsLog SmsLog => _desk.Services.GetRequiredService<ISmsLog>();

    private async Task<string> CreateEventAsync(int capacity, string title = "重阳节敬老茶话会")
    {
        using var response = await _staff.PostAsJsonAsync("/api/staff/events", new
        {
            community = Community, title, description = "社区活动室茶话会，欢迎老人家参加。", place = "会所二楼活动室",
            start = "2026-12-02 14:00", end = "2026-12-02 16:00", capacity, signupDeadline = "2026-12-02 12:00",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static object Signup(int i, int people = 1) =>
        new { name = $"业主{i}", phone = $"1380000{i:D4}", building = "3", room = $"{100 + i}", people };

    private HttpClient ClientFrom(string address)
    {
        var client = _desk.NewClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address + ":50000");
        return client;
    }

    [Fact]
    public async Task Fifty_concurrent_signups_for_twenty_places_give_twenty_confirmed_four_waiting_and_the_rest_a_full_sms()
    {
        var id = await CreateEventAsync(capacity: 20);

        var answers = await Task.WhenAll(Enumerable.Range(1, 50).Select(async i =>
        {
            using var client = ClientFrom($"198.51.100.{i}");
            using var response = await client.PostAsJsonAsync($"/api/events/{id}/signups", Signup(i));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }));
        // Confirmed, waiting or refused: every answer is the same.
        Assert.Single(answers.Distinct());

        // The same phone again: the same answer, not a second place and not a second SMS.
        using (var again = await _desk.Client.PostAsJsonAsync($"/api/events/{id}/signups", Signup(1)))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
            Assert.Equal(answers[0], await again.Content.ReadAsStringAsync());
        }

        // The waiting list holds 20% of the capacity (Desk:Abuse:WaitingListPercent): 4 sign-ups.
        var listed = (await _desk.Client.GetFromJsonAsync<JsonElement>($"/api/events?community={Community}")).EnumerateArray()
            .Single(e => e.GetProperty("id").GetString() == id);
        Assert.Equal((20, 0, 4), (listed.GetProperty("confirmed").GetInt32(), listed.GetProperty("placesLeft").GetInt32(), listed.GetProperty("waiting").GetInt32()));

        var staffList = await _staff.GetFromJsonAsync<JsonElement>($"/api/staff/events/{id}/signups");
        var signups = staffList.GetProperty("signups").EnumerateArray().ToList();
        Assert.Equal(24, signups.Count);
        Assert.Equal(20, signups.Take(20).Count(s => s.GetProperty("status").GetString() == "confirmed"));
        Assert.Equal(Enumerable.Range(1, 4), signups.Skip(20).Select(s => s.GetProperty("waitingPosition").GetInt32()));

        var csv = await _staff.GetStringAsync($"/api/staff/events/{id}/signups?format=csv");
        var lines = csv.TrimStart('\uFEFF').TrimEnd().Split("\r\n");
        Assert.Equal("status,position,name,phone,building,room,people,signedUpAt", lines[0]);
        Assert.Equal(25, lines.Length);

        // The truth goes to each phone, once.
        var sms = await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync($"event:{Community}:{id}", CancellationToken.None),
            list => list.Count(s => s.Status == SmsStatuses.Sent) >= 50, TimeSpan.FromSeconds(60));
        Assert.Equal(50, sms.Count);
        Assert.Equal(50, sms.Select(s => s.To).Distinct().Count());
        Assert.All(sms, s => Assert.Equal(1, s.Attempts));
        Assert.Equal(20, sms.Count(s => s.Text.Contains("您已报名", StringComparison.Ordinal) && s.Text.Contains("/e/", StringComparison.Ordinal)));
        Assert.Equal(4, sms.Count(s => s.Text.Contains("候补第", StringComparison.Ordinal)));
        Assert.Equal(26, sms.Count(s => s.Text.Contains("名额和候补均已满", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Signups_are_limited_per_phone_and_per_address_and_refuse_a_country_the_community_does_not_text()
    {
        var id = await CreateEventAsync(capacity: 5);
        // One phone, five tries an hour (Desk:Abuse:SignupsPerPhonePerHour), repeats included.
        for (var i = 0; i < 5; i++)
        {
            using var client = ClientFrom($"203.0.113.{i + 1}");
            using var ok = await client.PostAsJsonAsync($"/api/events/{id}/signups", Signup(1));
            Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        }
        using (var client = ClientFrom("203.0.113.99"))
        using (var limited = await client.PostAsJsonAsync($"/api/events/{id}/signups", Signup(1)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        }

        // One address, twenty an hour (Desk:Abuse:SignupsPerAddressPerHour), whatever the phones.
        using (var script = ClientFrom("192.0.2.7"))
        {
            var codes = new List<HttpStatusCode>();
            for (var i = 100; i < 125; i++)
            {
                using var response = await script.PostAsJsonAsync($"/api/events/{id}/signups", Signup(i));
                codes.Add(response.StatusCode);
            }
            Assert.Equal(20, codes.Count(c => c == HttpStatusCode.Accepted));
            Assert.Equal(5, codes.Count(c => c == HttpStatusCode.TooManyRequests));
        }

        using var abroad = await ClientFrom("203.0.113.200").PostAsJsonAsync($"/api/events/{id}/signups",
            new { name = "Guest", phone = "+12025550123", building = "3", room = "101" });
        Assert.Equal(HttpStatusCode.BadRequest, abroad.StatusCode);
        Assert.Contains("phone", (await abroad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));

        // Places 5, waiting list 1: 6 sign-ups kept, each phone texted once however often it tried.
        var staffList = await _staff.GetFromJsonAsync<JsonElement>($"/api/staff/events/{id}/signups");
        Assert.Equal(6, staffList.GetProperty("signups").GetArrayLength());
        var sms = await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync($"event:{Community}:{id}", CancellationToken.None),
            list => list.Count(s => s.Status == SmsStatuses.Sent) >= 21, TimeSpan.FromSeconds(60));
        Assert.Equal(21, sms.Count);
        Assert.Single(sms, s => s.To == "+8613800000001");
    }

    private async Task<string> CodeInSmsAsync(string id, string phone)
    {
        var sms = await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync($"event:{Community}:{id}", CancellationToken.None),
            list => list.Any(s => s.To == phone && s.Status == SmsStatuses.Sent));
        var text = sms.First(s => s.To == phone && s.Purpose == "signup").Text;
        return System.Text.RegularExpressions.Regex.Match(text, @"/e/([\w-]{10})").Groups[1].Value;
    }

    [Fact]
    public async Task Cancelling_through_the_sms_link_promotes_the_first_waiting_and_tells_them_once()
    {
        var id = await CreateEventAsync(capacity: 1, title: "插花课");
        foreach (var i in new[] { 1, 2 })
        {
            using var response = await ClientFrom($"203.0.113.{i}").PostAsJsonAsync($"/api/events/{id}/signups", Signup(i));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        var first = await CodeInSmsAsync(id, "+8613800000001");
        var second = await CodeInSmsAsync(id, "+8613800000002");
        Assert.NotEqual(first, second);

        // The link in the SMS opens the sign-up page, which reads the code from its path.
        using (var page = await _desk.Client.GetAsync($"/e/{first}"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("/event/event.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var mine = await _desk.Client.GetFromJsonAsync<JsonElement>($"/api/event-signups/{first}");
        Assert.Equal(("插花课", "confirmed", true), (mine.GetProperty("title").GetString(), mine.GetProperty("status").GetString(), mine.GetProperty("canCancel").GetBoolean()));
        using (var unknown = await _desk.Client.PostAsync("/api/event-signups/AAAAAAAAAA/cancel", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        // The link cancels, and again (a retry, a double tap): the same answer; the Core call (the owner's home) too.
        for (var i = 0; i < 2; i++)
        {
            using var cancel = await _desk.Client.PostAsync($"/api/event-signups/{first}/cancel", null);
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }
        var desk = _desk.Services.GetRequiredService<PropertyFunctions.Core.Events.EventDesk>();
        Assert.Equal(PropertyFunctions.Core.Events.CancelResult.AlreadyCancelled,
            await desk.CancelAsync(Community, id, "+8613800000001", CancellationToken.None));

        var staffList = await _staff.GetFromJsonAsync<JsonElement>($"/api/staff/events/{id}/signups");
        Assert.Equal(["confirmed:+8613800000002", "cancelled:+8613800000001"], staffList.GetProperty("signups").EnumerateArray()
            .Select(s => $"{s.GetProperty("status").GetString()}:{s.GetProperty("phone").GetString()}"));
        Assert.Equal(1, staffList.GetProperty("event").GetProperty("confirmed").GetInt32());

        // Signing up again after cancelling changes nothing and texts nothing.
        using (var again = await ClientFrom("203.0.113.1").PostAsJsonAsync($"/api/events/{id}/signups", Signup(1)))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        }

        var sms = await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync($"event:{Community}:{id}", CancellationToken.None),
            list => list.Count(s => s.Status == SmsStatuses.Sent) >= 3);
        var promoted = Assert.Single(sms, s => s.Purpose == "promoted");
        Assert.Equal("+8613800000002", promoted.To);
        Assert.Equal(1, promoted.Attempts);
        Assert.Contains($"/e/{second}", promoted.Text, StringComparison.Ordinal);
        Assert.Equal(3, sms.Count);
        Assert.Equal("cancelled", (await _desk.Client.GetFromJsonAsync<JsonElement>($"/api/event-signups/{first}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_reminder_goes_out_once_the_day_before_and_never_in_quiet_hours()
    {
        var id = await CreateEventAsync(capacity: 2, title: "亲子手工课");
        foreach (var i in new[] { 1, 2, 3 })
        {
            using var response = await _desk.Client.PostAsJsonAsync($"/api/events/{id}/signups", Signup(i));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        // 07:00 on the day before: quiet hours, nothing.
        await _desk.RunFunctionAsync("EventReminders");
        var group = $"event:{Community}:{id}";
        Assert.DoesNotContain(await SmsLog.ForGroupAsync(group, CancellationToken.None), s => s.Purpose == "reminder");
        // 10:00 and 11:00 on the day before: the hourly timer runs again and again.
        _desk.Time!.SetUtcNow(TenAmLocal);
        await _desk.RunFunctionAsync("EventReminders");
        _desk.Time.SetUtcNow(TenAmLocal.AddHours(1));
        await _desk.RunFunctionAsync("EventReminders");
        await _desk.RunFunctionAsync("EventReminders");

        var sms = await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(group, CancellationToken.None),
            list => list.Count(s => s.Purpose == "reminder" && s.Status == SmsStatuses.Sent) >= 2 && list.Count(s => s.Status == SmsStatuses.Sent) >= 5,
            TimeSpan.FromSeconds(60));
        var reminders = sms.Where(s => s.Purpose == "reminder").ToList();
        Assert.Equal(["+8613800000001", "+8613800000002"], reminders.Select(s => s.To).Order());
        Assert.All(reminders, r => Assert.Equal(1, r.Attempts));
        Assert.All(reminders, r => Assert.Equal("【物业客服】温馨提醒：“亲子手工课”将于明天12月2日14:00在会所二楼活动室举行，期待您参加。", r.Text));

        var staffList = await _staff.GetFromJsonAsync<JsonElement>($"/api/staff/events/{id}/signups");
        Assert.Equal(2, staffList.GetProperty("signups").EnumerateArray().Count(s => s.TryGetProperty("remindedAt", out _)));
    }

    [Fact]
    public async Task Signups_are_validated_and_closed_after_the_deadline()
    {
        var id = await CreateEventAsync(capacity: 5);
        using var invalid = await _desk.Client.PostAsJsonAsync($"/api/events/{id}/signups", new { name = "", phone = "12345", building = "3", room = "101", people = 11 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["name", "people", "phone"], errors.EnumerateObject().Select(p => p.Name).Order());

        using var unknown = await _desk.Client.PostAsJsonAsync("/api/events/E000000-0000/signups", Signup(1));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        using (var early = await _desk.Client.PostAsJsonAsync($"/api/events/{id}/signups", Signup(8)))
        {
            Assert.Equal(HttpStatusCode.Accepted, early.StatusCode);
        }
        _desk.Time!.SetUtcNow(new DateTimeOffset(2026, 12, 2, 4, 30, 0, TimeSpan.Zero)); // 12:30 local, after the deadline
        // After the deadline everyone gets the same answer, whether they had signed up or not.
        using var late = await _desk.Client.PostAsJsonAsync($"/api/events/{id}/signups", Signup(9));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        using var lateAgain = await _desk.Client.PostAsJsonAsync($"/api/events/{id}/signups", Signup(8));
        Assert.Equal(HttpStatusCode.Conflict, lateAgain.StatusCode);
        Assert.Equal(await late.Content.ReadAsStringAsync(), await lateAgain.Content.ReadAsStringAsync());
    }
}
