using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

public sealed class ReportTests : IAsyncLifetime
{
    // 10:00 in Shanghai on Tuesday 10 November: office hours.
    private static readonly DateTimeOffset TenAm = new(2026, 11, 10, 2, 0, 0, TimeSpan.Zero);
    private TestDesk _desk = null!;
    private HttpClient _supervisor = null!;

    public async Task InitializeAsync()
    {
        _desk = await TestDesk.StartAsync(fakeTimeStart: TenAm);
        await StaffClients.ImportRosterAsync(_desk);
        _supervisor = await StaffClients.SignInAsync(_desk, "王主管", "supervisor");
    }

    public async Task DisposeAsync()
    {
        _supervisor.Dispose();
        await _desk.DisposeAsync();
    }

    private async Task<(string Id, string Token)> SubmitAsync(string description, string phone, string kind = "repair")
    {
        var body = Owners.Repair(description, phone);
        body["kind"] = kind;
        var receipt = await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, body));
        return (receipt.GetProperty("id").GetString()!, receipt.GetProperty("token").GetString()!);
    }

    /// <summary>Waits until the router has given the ticket its department and the dispatch is written.</summary>
    private async Task WaitForDispatchAsync(string id)
    {
        var (view, _) = await TestDesk.EventuallyAsync(() => StaffClients.ViewAsync(_supervisor, id),
            v => v.Body.GetProperty("ticket").GetProperty("status").GetString() == "dispatched");
        Assert.Equal("dispatched", view.GetProperty("ticket").GetProperty("status").GetString());
    }

    /// <summary>
    /// A console action on the ticket's current ETag. Moving the fake clock lets the ServiceLevelWatch timer run (and
    /// write a reminder) at the same moment, so a 412 is answered as the console would: look again and retry.
    /// </summary>
    private async Task ActAsync(string id, string action)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (_, etag) = await StaffClients.ViewAsync(_supervisor, id);
            using var response = await StaffClients.ActAsync(_supervisor, id, etag, new { action });
            if (response.StatusCode != HttpStatusCode.PreconditionFailed || attempt == 4)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return;
            }
        }
    }

    private async Task RateAsync(string id, string token, int score, bool isFixed)
    {
        using var response = await _desk.Client.PostAsJsonAsync($"/api/tickets/{id}/feedback?k={token}", new { score, @fixed = isFixed });
        response.EnsureSuccessStatusCode();
    }

    private async Task<JsonElement> ReportAsync(string month)
    {
        using var response = await _supervisor.GetAsync($"/api/staff/reports?community=sunshine-garden&month={month}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Owners.JsonAsync(response);
    }

    private static JsonElement Department(JsonElement report, string department) =>
        report.GetProperty("departments").EnumerateArray().Single(d => d.GetProperty("department").GetString() == department);

    [Fact]
    public async Task A_month_of_tickets_worked_through_the_api_adds_up_per_department()
    {
        // Engineering: accepted after 30 minutes, resolved two hours later, rated 5.
        var (light, lightToken) = await SubmitAsync("5号楼门口的路灯坏了", "13800138031");
        await WaitForDispatchAsync(light);
        _desk.Time!.Advance(TimeSpan.FromMinutes(30));
        await ActAsync(light, "accept");
        _desk.Time.Advance(TimeSpan.FromHours(2));
        await ActAsync(light, "resolve");
        await RateAsync(light, lightToken, 5, true);

        // Cleaning: accepted after three office hours (past the two-hour target), resolved, rated 2 "not fixed": reopened.
        var (dirt, dirtToken) = await SubmitAsync("3号楼楼道很脏，垃圾没人清理", "13800138032");
        await WaitForDispatchAsync(dirt);
        _desk.Time.Advance(TimeSpan.FromHours(3));
        await ActAsync(dirt, "accept");
        await ActAsync(dirt, "resolve");
        await RateAsync(dirt, dirtToken, 2, false);

        // The service centre: an inquiry, cancelled.
        var (question, _) = await SubmitAsync("请问物业费可以按季度交吗", "13800138033", kind: "inquiry");
        await WaitForDispatchAsync(question);
        await ActAsync(question, "cancel");

        var report = await ReportAsync("2026-11");
        Assert.Equal("2026-11", report.GetProperty("month").GetString());
        Assert.Equal("created", report.GetProperty("population").GetString());
        Assert.Equal("2026-11-01T00:00:00+08:00", report.GetProperty("from").GetString());
        Assert.Equal("2026-12-01T00:00:00+08:00", report.GetProperty("to").GetString());

        var engineering = Department(report, "engineering");
        Assert.Equal("工程部", engineering.GetProperty("name").GetString());
        Assert.Equal(1, engineering.GetProperty("received").GetInt32());
        Assert.Equal(1, engineering.GetProperty("byKind").GetProperty("repair").GetInt32());
        Assert.Equal((1, 0), (engineering.GetProperty("resolved").GetInt32(), engineering.GetProperty("open").GetInt32()));
        Assert.Equal(30, engineering.GetProperty("timeToAccept").GetProperty("medianMinutes").GetDouble());
        Assert.Equal(150, engineering.GetProperty("timeToResolve").GetProperty("p90Minutes").GetDouble());
        Assert.Equal(1, engineering.GetProperty("acceptWithinTarget").GetProperty("rate").GetDouble());
        Assert.Equal(1, engineering.GetProperty("resolveWithinTarget").GetProperty("met").GetInt32());
        var happy = engineering.GetProperty("satisfaction");
        Assert.Equal((1, 5.0, 1.0, 0), (happy.GetProperty("ratings").GetInt32(), happy.GetProperty("averageScore").GetDouble(),
            happy.GetProperty("satisfiedShare").GetDouble(), happy.GetProperty("notFixed").GetInt32()));

        var cleaning = Department(report, "cleaning");
        Assert.Equal(1, cleaning.GetProperty("received").GetInt32());
        Assert.Equal((0, 1, 1), (cleaning.GetProperty("resolved").GetInt32(), cleaning.GetProperty("open").GetInt32(), cleaning.GetProperty("reopened").GetInt32()));
        Assert.Equal(180, cleaning.GetProperty("timeToAccept").GetProperty("medianMinutes").GetDouble());
        var late = cleaning.GetProperty("acceptWithinTarget");
        Assert.Equal((0, 1, 0.0), (late.GetProperty("met").GetInt32(), late.GetProperty("missed").GetInt32(), late.GetProperty("rate").GetDouble()));
        Assert.Equal(1, cleaning.GetProperty("resolveWithinTarget").GetProperty("pending").GetInt32());
        var unhappy = cleaning.GetProperty("satisfaction");
        Assert.Equal((1, 2.0, 0.0, 1), (unhappy.GetProperty("ratings").GetInt32(), unhappy.GetProperty("averageScore").GetDouble(),
            unhappy.GetProperty("satisfiedShare").GetDouble(), unhappy.GetProperty("notFixed").GetInt32()));

        var service = Department(report, "service");
        Assert.Equal((1, 1, 1), (service.GetProperty("received").GetInt32(), service.GetProperty("byKind").GetProperty("inquiry").GetInt32(),
            service.GetProperty("cancelled").GetInt32()));
        Assert.Equal(0, service.GetProperty("acceptWithinTarget").GetProperty("missed").GetInt32());
        Assert.Equal(0, Department(report, "security").GetProperty("received").GetInt32());
        Assert.Equal(3, report.GetProperty("total").GetProperty("received").GetInt32());
        Assert.Equal(0, report.GetProperty("unrouted").GetInt32());

        // The same figures as CSV, for Excel: UTF-8 with a byte order mark, a row per department and the total.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/staff/reports?community=sunshine-garden&month=2026-11");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var csv = await _supervisor.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("report-sunshine-garden-2026-11.csv", csv.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).TrimEnd().Split("\r\n");
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("部门代码,部门,受理,", lines[0]);
        Assert.StartsWith("engineering,工程部,1,1,", lines[1]);
        Assert.StartsWith("all,合计,3,", lines[5]);
        using var byQuery = await _supervisor.GetAsync("/api/staff/reports?community=sunshine-garden&month=2026-11&format=csv");
        Assert.Equal(bytes, await byQuery.Content.ReadAsByteArrayAsync());

        // Just after midnight on 1 December (local; still 30 November in UTC) a new ticket belongs to December.
        _desk.Time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 16, 30, 0, TimeSpan.Zero));
        var (december, _) = await SubmitAsync("2号楼电梯按钮失灵", "13800138034");
        Assert.StartsWith("261201-", december);
        Assert.Equal(3, (await ReportAsync("2026-11")).GetProperty("total").GetProperty("received").GetInt32());
        Assert.Equal(1, (await ReportAsync("2026-12")).GetProperty("total").GetProperty("received").GetInt32());
        // With no month, the current local month.
        using var current = await _supervisor.GetAsync("/api/staff/reports?community=sunshine-garden");
        Assert.Equal("2026-12", (await Owners.JsonAsync(current)).GetProperty("month").GetString());
    }

    [Theory]
    [InlineData("community=sunshine-garden&month=2026-13", "zh-CN", "month", "月份格式应为 yyyy-MM，例如 2026-11")]
    [InlineData("community=sunshine-garden&month=2026-13", "en", "month", "must be a month such as 2026-11 (2000–2099)")]
    [InlineData("community=sunshine-garden&month=2026-12", "en", "month", "must not be after the current month")]
    [InlineData("community=Sunshine%20Garden&month=2026-11", "en", "community", "must be a slug of lowercase letters, digits and dashes")]
    [InlineData("month=2026-11", "zh-CN", "community", "必填")]
    [InlineData("community=sunshine-garden&format=xlsx", "en", "format", "must be one of: json, csv")]
    public async Task A_bad_query_gets_field_errors_in_the_callers_language(string query, string language, string field, string message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/staff/reports?" + query);
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await _supervisor.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Owners.JsonAsync(response);
        Assert.Equal(message, Assert.Single(problem.GetProperty("errors").GetProperty(field).EnumerateArray()).GetString());
    }
}
