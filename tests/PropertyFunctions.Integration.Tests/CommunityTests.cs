using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

/// <summary>Communities: intake serves only the ones the desk knows, and each one's hours and phones reach its own SMS.</summary>
public sealed class CommunityTests : IAsyncLifetime
{
    // Saturday 28 November 2026, 19:00 in Shanghai.
    private static readonly DateTimeOffset SaturdayEvening = new(2026, 11, 28, 11, 0, 0, TimeSpan.Zero);
    private TestDesk _desk = null!;

    public async Task InitializeAsync() => _desk = await TestDesk.StartAsync(fakeTimeStart: SaturdayEvening);

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private ISmsLog SmsLog => _desk.Services.GetRequiredService<ISmsLog>();

    [Fact]
    public async Task An_unknown_community_is_refused_at_intake_and_nothing_is_stored()
    {
        var body = Owners.Repair();
        body["community"] = "sunshine-gardne";
        using var response = await Owners.SubmitAsync(_desk.Client, body, language: "zh-CN");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Owners.JsonAsync(response);
        Assert.Contains("没有找到这个小区", problem.GetProperty("errors").GetProperty("community")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _desk.Client.GetAsync("/api/communities/sunshine-gardne")).StatusCode);
    }

    [Fact]
    public async Task A_number_from_a_country_the_community_does_not_accept_is_refused()
    {
        using var response = await Owners.SubmitAsync(_desk.Client, Owners.Repair(phone: "+1 415 555 0100"), language: "en");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("country", (await Owners.JsonAsync(response)).GetProperty("errors").GetProperty("phone")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_communities_with_different_hours_and_phones_each_get_their_own_in_answers_and_sms()
    {
        using var admin = await StaffClients.SignInAsync(_desk, "管理员", "admin");
        // Pine Court's desk opens late on Saturdays and early on Sundays, with its own emergency line and SMS signature.
        using var created = await admin.PutAsJsonAsync("/api/staff/communities/pine-court-east", new
        {
            name = new Dictionary<string, string> { ["zh-CN"] = "松苑东区", ["en"] = "Pine Court East" },
            hours = new Dictionary<string, string>
            {
                ["mon"] = "08:00-17:00", ["tue"] = "08:00-17:00", ["wed"] = "08:00-17:00", ["thu"] = "08:00-17:00", ["fri"] = "08:00-17:00",
                ["sat"] = "09:00-20:00", ["sun"] = "07:30-12:00",
            },
            emergencyPhone = "021-6111-0000",
            smsSignature = "松苑物业",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var etag = (await Owners.JsonAsync(created)).GetProperty("etag").GetString()!;
        var page = await _desk.Client.GetFromJsonAsync<JsonElement>("/api/communities/pine-court-east");
        Assert.Equal(("07:30-12:00", "021-6111-0000"), (page.GetProperty("hours").GetProperty("sun").GetString(), page.GetProperty("emergencyPhone").GetString()));
        Assert.False(page.TryGetProperty("smsPerHour", out _));

        // At 19:00 on Saturday Sunshine Garden (09:00–18:00) is closed and Pine Court East open.
        var sunshine = await SubmitAsync("sunshine-garden", "13800138101");
        var pine = await SubmitAsync("pine-court-east", "13800138102");
        Assert.Contains("09:00", sunshine.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("400-800-1234", sunshine.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("上班后", pine.GetProperty("message").GetString(), StringComparison.Ordinal);

        var pineAck = await AckAsync(pine.GetProperty("id").GetString()!);
        Assert.StartsWith("【松苑物业】", pineAck, StringComparison.Ordinal);
        Assert.StartsWith("【物业客服】", await AckAsync(sunshine.GetProperty("id").GetString()!), StringComparison.Ordinal);

        // An emergency names the community's own line.
        var urgent = await SubmitAsync("pine-court-east", "13800138103", "电梯困人了");
        Assert.Contains("021-6111-0000", urgent.GetProperty("message").GetString(), StringComparison.Ordinal);

        // Editing (a PUT replaces the settings) needs the ETag read; a stale one is refused with the settings as they are now.
        using var stale = await PutAsync(admin, "pine-court-east", "\"stale\"", new { name = new Dictionary<string, string> { ["zh-CN"] = "松苑" } });
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("松苑东区", (await Owners.JsonAsync(stale)).GetProperty("current").GetProperty("name").GetProperty("zh-CN").GetString());
        using var edited = await PutAsync(admin, "pine-court-east", etag, new { name = new Dictionary<string, string> { ["zh-CN"] = "松苑" } });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        using var twice = await admin.PutAsJsonAsync("/api/staff/communities/pine-court-east", new { name = new Dictionary<string, string> { ["zh-CN"] = "又一个" } });
        Assert.Equal(HttpStatusCode.PreconditionFailed, twice.StatusCode);

        // Plain staff read the settings but may not change them; owners see the public part.
        using var clerk = await StaffClients.SignInAsync(_desk, "李文员", "staff");
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync("/api/staff/communities/pine-court-east")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(clerk, "pine-court-east", etag, new { })).StatusCode);
    }

    private async Task<JsonElement> SubmitAsync(string community, string phone, string description = "楼道灯不亮")
    {
        var body = Owners.Repair(description, phone);
        body["community"] = community;
        using var response = await Owners.SubmitAsync(_desk.Client, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await Owners.JsonAsync(response);
    }

    private async Task<string> AckAsync(string id) =>
        (await TestDesk.EventuallyAsync(async () => (await SmsLog.ForGroupAsync(id, CancellationToken.None)).FirstOrDefault(s => s.Purpose == "ack"),
            s => s?.Status == SmsStatuses.Sent))!.Text;

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string community, string etag, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/staff/communities/{community}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return client.SendAsync(request);
    }
}
