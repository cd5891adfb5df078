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

    [Fact]
    public async Task Fifty_concurrent_signups_for_twenty_places_give_twenty_confirmed_and_thirty_waiting()
    {
        var id = await CreateEventAsync(capacity: 20);

        var answers = await Task.WhenAll(Enumerable.Range(1, 50).Select(async i =>
        {
            using var client = _desk.NewClient();
            using var response = await client.PostAsJsonAsync($"/api/events/{id}/signups", Signup(i));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }));
        Assert.Equal(20, answers.Count(a => a.GetProperty("status").GetString() == "confirmed"));
        Assert.Equal(Enumerable.Range(1, 30), answers.Where(a => a.GetProperty("status").GetString() == "waiting")
            .Select(a => a.GetProperty("waitingPosition").GetInt32()).Order());

        // The same phone again: the first answer, not a second place.
        using (var again = await _desk.Client.PostAsJsonAsync($"/api/events/{id}/signups", Signup(1)))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        var listed = (await _desk.Client.GetFromJsonAsync<JsonElement>($"/api/events?community={Community}")).EnumerateArray()
            .Single(e => e.GetProperty("id").GetString() == id);
        Assert.Equal((20, 0, 30), (listed.GetProperty("confirmed").GetInt32(), listed.GetProperty("placesLeft").GetInt32(), listed.GetProperty("waiting").GetInt32()));

        var staffList = await _staff.GetFromJsonAsync<JsonElement>($"/api/staff/events/{id}/signups");
        var signups = staffList.GetProperty("signups").EnumerateArray().ToList();
        Assert.Equal(50, signups.Count);
        Assert.Equal(20, signups.Take(20).Count(s => s.GetProperty("status").GetString() == "confirmed"));
        Assert.Equal(Enumerable.Range(1, 30), signups.Skip(20).Select(s => s.GetProperty("waitingPosition").GetInt32()));

        var csv = await _staff.GetStringAsync($"/api/staff/events/{id}/signups?format=csv");
        var lines = csv.TrimStart('\uFEFF').TrimEnd().Split("\r\n");
        Assert.Equal("status,position,name,phone,building,room,people,signedUpAt", lines[0]);
        Assert.Equal(51, lines.Length);

        var sms = await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync($"event:{Community}:{id}", CancellationToken.None),
            list => list.Count(s => s.Status == SmsStatuses.Sent) >= 50, TimeSpan.FromSeconds(60));
        Assert.Equal(50, sms.Count);
        Assert.Equal(20, sms.Count(s => s.Text.Contains("您已报名", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_reminder_goes_out_once_the_day_before_and_never_in_quiet_hours()
    {
        var id = await CreateEventAsync(capacity: 2, title: "亲子手工课");
        foreach (var i in new[] { 1, 2, 3 })
        {
            using var response = await _desk.Client.PostAsJsonAsync($"/api/events/{id}/signups", Signup(i));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
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

        _desk.Time!.SetUtcNow(new DateTimeOffset(2026, 12, 2, 4, 30, 0, TimeSpan.Zero)); // 12:30 local, after the deadline
        using var late = await _desk.Client.PostAsJsonAsync($"/api/events/{id}/signups", Signup(9));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }
}
