using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Tickets;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests.Privacy;

/// <summary>PIPL access and deletion against Azurite: what an export holds, what an erasure removes, who may ask, and the audit.</summary>
public sealed class PrivacyRequestTests : IAsyncLifetime
{
    private static readonly DateTimeOffset TenAm = new(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);
    private const string Phone = "+8613800138000";
    private const string Neighbour = "+8613800138005";
    private TestDesk _desk = null!;

    public async Task InitializeAsync()
    {
        _desk = await TestDesk.StartAsync(fakeTimeStart: TenAm);
        await StaffClients.ImportRosterAsync(_desk);
    }

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private ISmsLog SmsLog => _desk.Services.GetRequiredService<ISmsLog>();

    /// <summary>The person: a resident of 5-1-302 with a neighbour on record, a ticket, its SMS, a sign-up and an opt-out.</summary>
    private async Task<(string TicketId, string EventId)> PersonAsync()
    {
        using var admin = await StaffClients.SignInAsync(_desk, "admin", "admin");
        using (var owners = await admin.PutAsync("/api/staff/owners", new StringContent("""
            community,building,unit,room,name,phone,language,relation
            sunshine-garden,5,1,302,李先生,13800138000,,owner
            sunshine-garden,5,1,303,邻居张,13800138005,,owner
            """, Encoding.UTF8, "text/csv")))
        {
            Assert.Equal(HttpStatusCode.OK, owners.StatusCode);
        }
        var receipt = await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, Owners.Repair("5号楼门口的路灯坏了")));
        var id = receipt.GetProperty("id").GetString()!;
        await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(id, CancellationToken.None),
            list => list.Any(s => s.Purpose == "ack" && s.Status == SmsStatuses.Sent));
        using var staff = await StaffClients.SignInAsync(_desk, "王主管", "supervisor");
        using var created = await staff.PostAsJsonAsync("/api/staff/events", new
        {
            community = "sunshine-garden", title = "重阳节敬老茶话会", description = "社区活动室茶话会。", place = "会所二楼活动室",
            start = "2026-12-02 14:00", end = "2026-12-02 16:00", capacity = 20, signupDeadline = "2026-12-02 12:00",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var eventId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        foreach (var (name, phone) in new[] { ("李先生", "13800138000"), ("邻居张", "13800138005") })
        {
            using var signup = await _desk.Client.PostAsJsonAsync($"/api/events/{eventId}/signups", new { name, phone, building = "5", room = "302", people = 2 });
            Assert.True(signup.IsSuccessStatusCode, await signup.Content.ReadAsStringAsync());
        }
        await _desk.Services.GetRequiredService<IOptOuts>().SetAsync(Phone, true, TenAm, CancellationToken.None);
        // Both sign-up SMS are through the queue before anything is exported or erased: one still on its way after the
        // erasure would write its recipient into the SMS log again (a race this test is not about).
        await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync($"event:sunshine-garden:{eventId}", CancellationToken.None),
            list => list.Count(s => s.Purpose == "signup" && SmsStatuses.IsFinal(s.Status)) == 2);
        return (id, eventId);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string what, string phone) =>
        await client.PostAsJsonAsync($"/api/staff/privacy/{what}", new { phone });

    private async Task<int> RowsAsync(string table, string filter)
    {
        var n = 0;
        await foreach (var _ in _desk.Storage.Table(table).QueryAsync<TableEntity>(filter))
        {
            n++;
        }
        return n;
    }

    private async Task<List<TableEntity>> AuditAsync()
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _desk.Storage.Table("PrivacyAudit").QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }
        return rows;
    }

    [Fact]
    public async Task Only_a_company_wide_admin_may_ask_and_a_bad_number_is_a_field_problem()
    {
        using var scoped = await StaffClients.SignInAsync(_desk, "小区管理员", "admin:sunshine-garden");
        using var supervisor = await StaffClients.SignInAsync(_desk, "王主管", "supervisor");
        using var admin = await StaffClients.SignInAsync(_desk, "admin", "admin");
        foreach (var what in new[] { "export", "erase" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(_desk.Client, what, Phone)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(supervisor, what, Phone)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(scoped, what, Phone)).StatusCode);
            using var bad = await PostAsync(admin, what, "12345");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
            Assert.True((await Owners.JsonAsync(bad)).GetProperty("errors").TryGetProperty("phone", out _));
        }
        Assert.Empty(await AuditAsync());
    }

    [Fact]
    public async Task An_export_holds_everything_about_the_number_and_an_erasure_removes_it_keeping_the_counts_and_a_hashed_opt_out()
    {
        var (ticketId, eventId) = await PersonAsync();
        using var admin = await StaffClients.SignInAsync(_desk, "admin", "admin");

        using var exported = await PostAsync(admin, "export", "138 0013 8000");
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        var export = await Owners.JsonAsync(exported);
        Assert.Equal(Phone, export.GetProperty("phone").GetString());
        var ticket = Assert.Single(export.GetProperty("tickets").EnumerateArray());
        Assert.Equal(ticketId, ticket.GetProperty("ticket").GetProperty("id").GetString());
        Assert.Equal("5号楼门口的路灯坏了", ticket.GetProperty("ticket").GetProperty("description").GetString());
        Assert.NotEmpty(ticket.GetProperty("history").EnumerateArray());
        var tables = export.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("table").GetString()).ToList();
        Assert.Contains("Owners", tables);
        Assert.Contains("SmsLog", tables);
        Assert.Contains("Events", tables);
        Assert.Contains("OptOuts", tables);
        Assert.DoesNotContain(export.GetProperty("rows").EnumerateArray(), r => r.GetRawText().Contains("13800138005", StringComparison.Ordinal)); // not the neighbour's

        using var erased = await PostAsync(admin, "erase", Phone);
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var counts = (await Owners.JsonAsync(erased)).GetProperty("counts");
        Assert.Equal(1, counts.GetProperty("Owners").GetInt32());
        Assert.Equal(1, counts.GetProperty("Tickets").GetInt32());
        Assert.Equal(1, counts.GetProperty("Events").GetInt32());
        Assert.Equal(1, counts.GetProperty("OptOutsHashed").GetInt32());
        Assert.True(counts.GetProperty(nameof(SmsLog)).GetInt32() >= 1);

        // The ticket stays for the reports, without the person; the neighbour keeps everything; the event keeps its counts.
        var t = (await _desk.Services.GetRequiredService<ITicketStore>().GetAsync("sunshine-garden", ticketId, default))!.Value;
        Assert.Equal(("", "", "", "5"), (t.Phone, t.Name, t.Description, t.Address.Building));
        Assert.NotNull(t.AnonymisedAt);
        Assert.Single(await _desk.Services.GetRequiredService<PropertyFunctions.Core.Residents.IResidentDirectory>()
            .WithPhoneAsync("sunshine-garden", Neighbour, default));
        using var staff = await StaffClients.SignInAsync(_desk, "王主管", "supervisor");
        var signups = (await staff.GetFromJsonAsync<JsonElement>($"/api/staff/events/{eventId}/signups")).GetProperty("signups").EnumerateArray().ToList();
        Assert.Equal(2, signups.Count);
        Assert.DoesNotContain(signups, s => s.GetRawText().Contains("13800138000", StringComparison.Ordinal) || s.GetRawText().Contains("李先生", StringComparison.Ordinal));

        // Still opted out, though the number is stored nowhere in clear.
        Assert.True(await _desk.Services.GetRequiredService<IOptOuts>().IsOptedOutAsync(Phone, default));
        Assert.True((await _desk.Services.GetRequiredService<IOptOuts>().AllAsync(default)).Contains(Phone));
        var again = await Owners.JsonAsync(await PostAsync(admin, "export", Phone));
        Assert.Empty(again.GetProperty("tickets").EnumerateArray());
        Assert.All(again.GetProperty("rows").EnumerateArray(), r => Assert.Equal("OptOuts", r.GetProperty("table").GetString()));
        foreach (var table in new[] { "Owners", "SmsLog", "Events", "OptOuts", "RatingIndex", "Tickets", "Links" })
        {
            await foreach (var row in _desk.Storage.Table(table).QueryAsync<TableEntity>())
            {
                Assert.False(JsonSerializer.Serialize(row).Contains("13800138000", StringComparison.Ordinal), $"{table} {row.PartitionKey}/{row.RowKey}");
            }
        }

        // The anonymised ticket can still be worked, and texts nobody about it; the event's reminders pass over the erased sign-up.
        foreach (var action in new[] { "accept", "resolve" })
        {
            var (_, etag) = await StaffClients.ViewAsync(staff, ticketId);
            using var acted = await StaffClients.ActAsync(staff, ticketId, etag, new { action });
            Assert.Equal(HttpStatusCode.OK, acted.StatusCode);
        }
        _desk.Time!.SetUtcNow(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero)); // 10:00 the day before the event
        await _desk.RunFunctionAsync("EventReminders");
        var reminders = await TestDesk.EventuallyAsync(() => SmsLog.RecentAsync(1000, CancellationToken.None),
            list => list.Any(r => r.Purpose == "reminder" && r.To == Neighbour));
        Assert.DoesNotContain(reminders, r => r.To is "" or Phone);
        Assert.Equal(0, await RowsAsync("RatingIndex", TableClient.CreateQueryFilter($"PartitionKey eq {""}")));

        // Three requests audited, by whom and what, the number only as a hash.
        var audit = await AuditAsync();
        Assert.Equal(["erase", "export", "export"], audit.Select(a => a.GetString("Action")).Order());
        Assert.All(audit, a => Assert.Equal(audit[0].GetString("PhoneHash"), a.GetString("PhoneHash")));
        Assert.All(audit, a => Assert.DoesNotContain("13800138000", JsonSerializer.Serialize(a), StringComparison.Ordinal));
        Assert.All(audit, a => Assert.StartsWith("admin", a.GetString("Actor")));
    }
}
