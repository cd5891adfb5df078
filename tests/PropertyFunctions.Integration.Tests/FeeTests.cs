using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Core.Fees;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

/// <summary>Owner records, the fee ledger and the FeeReminders timer, on the local host over Azurite with a fake clock.</summary>
public sealed class FeeTests
{
    /// <summary>10:00 on 10 December 2026 in Shanghai.</summary>
    private static readonly DateTimeOffset TenAmLocal = new(2026, 12, 10, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset TenPmLocal = new(2026, 12, 10, 14, 0, 0, TimeSpan.Zero);
    private const string Community = "sunshine-garden";

    public const string OwnersCsv = """
        community,building,unit,room,name,phone,language,relation
        sunshine-garden,1,1,101,业主甲,13800000101,,
        sunshine-garden,1,1,102,Ms Chen,13800000102,en,owner
        sunshine-garden,1,1,103,业主丙,13800000103,zh-CN,owner
        sunshine-garden,1,1,103,家人丙,13800000113,,family
        sunshine-garden,1,1,104,业主丁,13800000104,,
        sunshine-garden,1,1,105,业主戊,13800000105,,
        sunshine-garden,1,1,106,业主己,13800000106,,
        sunshine-garden,1,1,107,业主庚,13800000107,,
        """;

    // At 10:00 on 10 December: 101 is due in 3 days, 102 and 105 (partly paid) are 7 days overdue, 103 is 30 days
    // overdue, 104 is paid, 106's owner opted out, 107 is not due for 10 days, 108 has nobody on record.
    public const string FeesCsv = """
        community,building,unit,room,feeType,period,amount,dueDate,paidAmount
        sunshine-garden,1,1,101,property,2026-12,260.00,2026-12-13,
        sunshine-garden,1,1,102,property,2026-11,260.00,2026-12-03,0
        sunshine-garden,1,1,103,property,2026Q4,780.50,2026-11-10,0
        sunshine-garden,1,1,104,property,2026-11,260.00,2026-12-03,260
        sunshine-garden,1,1,105,parking,2026-11,300,2026-12-03,120.5
        sunshine-garden,1,1,106,property,2026-11,260.00,2026-12-03,
        sunshine-garden,1,1,107,property,2026-12,260.00,2026-12-20,
        sunshine-garden,1,1,108,property,2026-11,260.00,2026-12-03,
        """;

    private static readonly string[] Reminded = ["+8613800000101", "+8613800000102", "+8613800000103", "+8613800000105"];

    private static async Task<TestDesk> StartAsync(DateTimeOffset at, IDictionary<string, string?>? settings = null)
    {
        var desk = await TestDesk.StartAsync(settings ?? new Dictionary<string, string?> { ["Desk:PaymentInstructions"] = "物业服务中心前台或“阳光物业”公众号" }, at);
        using var admin = await StaffClients.SignInAsync(desk, "admin", "admin");
        await ImportAsync(admin, "owners", OwnersCsv, HttpStatusCode.OK);
        await ImportAsync(admin, "fees", FeesCsv, HttpStatusCode.OK);
        await desk.Services.GetRequiredService<IOptOuts>().SetAsync("+8613800000106", true, at, CancellationToken.None);
        return desk;
    }

    private static async Task<JsonElement> ImportAsync(HttpClient client, string what, string body, HttpStatusCode expected, string type = "text/csv")
    {
        using var content = new StringContent(body, Encoding.UTF8, type);
        using var response = await client.PutAsync($"/api/staff/{what}", content);
        Assert.Equal(expected, response.StatusCode);
        return await Owners.JsonAsync(response);
    }

    private static Task<IReadOnlyList<SmsRecord>> SentAsync(TestDesk desk, int expected) =>
        TestDesk.EventuallyAsync(() => desk.Services.GetRequiredService<ISmsLog>().RecentAsync(100, CancellationToken.None),
            list => list.Count(s => s.Status == SmsStatuses.Sent) >= expected);

    /// <summary>The reminders the ledger records, per unit room.</summary>
    private static async Task<Dictionary<string, List<(string Stage, string To)>>> LedgerRemindersAsync(TestDesk desk)
    {
        var ledger = desk.Services.GetRequiredService<IFeeLedger>();
        var result = new Dictionary<string, List<(string, string)>>();
        await foreach (var fee in ledger.InCommunityAsync(Community, null, CancellationToken.None))
        {
            result[fee.Unit.Room] = fee.Reminders.Select(r => (r.Stage, r.To)).ToList();
        }
        return result;
    }

    [Fact]
    public async Task At_ten_local_exactly_the_due_reminders_go_out_once()
    {
        await using var desk = await StartAsync(TenAmLocal);
        await desk.RunFunctionAsync("FeeReminders");

        var sms = await SentAsync(desk, Reminded.Length);
        Assert.Equal(Reminded, sms.Select(s => s.To).Order());
        Assert.All(sms, s => Assert.Equal(SmsStatuses.Sent, s.Status));
        var english = Assert.Single(sms, s => s.To == "+8613800000102");
        Assert.Equal("fee-sunshine-garden-1|1|102", english.Group);
        Assert.Equal("fee-property-2026-11-overdue7", english.Purpose);
        Assert.Contains("Nov 2026 property fee ¥260.00, 7 days overdue", english.Text);
        Assert.Contains("阳光物业", english.Text);
        Assert.Contains("2026年第4季度物业费780.50元，已逾期30天", Assert.Single(sms, s => s.To == "+8613800000103").Text);
        Assert.Contains("2026年11月停车费尚余179.50元，已逾期7天", Assert.Single(sms, s => s.To == "+8613800000105").Text);
        Assert.Contains("12月13日到期", Assert.Single(sms, s => s.To == "+8613800000101").Text);

        var ledger = await LedgerRemindersAsync(desk);
        Assert.Equal([("before3", "+8613800000101")], ledger["101"]);
        Assert.Equal([("overdue30", "+8613800000103")], ledger["103"]);
        Assert.Empty(ledger["104"]);
        Assert.Empty(ledger["106"]); // opted out
        Assert.Empty(ledger["108"]); // nobody on record

        // A second run right after sends nothing and records nothing new; a third, called directly, says so.
        await desk.RunFunctionAsync("FeeReminders");
        Assert.Equal(ledger.Select(kv => (kv.Key, kv.Value.Count)), (await LedgerRemindersAsync(desk)).Select(kv => (kv.Key, kv.Value.Count)));
        var third = await desk.Services.GetRequiredService<FeeReminderRun>().RunAsync(CancellationToken.None);
        Assert.Equal(("completed", 8, 0, 1, 1), (third.Result, third.Units, third.Sent, third.OptedOut, third.NoContact));
        Assert.Equal(Reminded.Length, (await desk.Services.GetRequiredService<ISmsLog>().RecentAsync(100, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Staff_see_what_is_owed_with_the_reminders_and_a_reimport_keeps_the_history()
    {
        await using var desk = await StartAsync(TenAmLocal);
        await desk.RunFunctionAsync("FeeReminders");
        await SentAsync(desk, Reminded.Length);
        using var staff = await StaffClients.SignInAsync(desk, "李客服", "staff");

        var overdue = await Owners.JsonAsync(await staff.GetAsync($"/api/staff/fees?community={Community}&overdue=true"));
        var items = overdue.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["102", "103", "105", "106", "108"], items.Select(i => i.GetProperty("room").GetString()));
        var partly = items.Single(i => i.GetProperty("room").GetString() == "105");
        Assert.Equal((300m, 120.5m, 179.5m, 7), (partly.GetProperty("amount").GetDecimal(), partly.GetProperty("paid").GetDecimal(),
            partly.GetProperty("owed").GetDecimal(), partly.GetProperty("daysOverdue").GetInt32()));
        var reminder = Assert.Single(partly.GetProperty("reminders").EnumerateArray());
        Assert.Equal(("overdue7", "+8613800000105", "业主戊"), (reminder.GetProperty("stage").GetString(), reminder.GetProperty("to").GetString(),
            reminder.GetProperty("name").GetString()));
        var owed = await Owners.JsonAsync(await staff.GetAsync($"/api/staff/fees?community={Community}"));
        Assert.Equal(7, owed.GetProperty("items").GetArrayLength()); // all but the paid 104

        // The same period again as JSON: 102 now paid, 103's amount corrected. Rows update, reminders stay.
        using var admin = await StaffClients.SignInAsync(desk, "admin", "admin");
        await ImportAsync(admin, "fees", """
            [{"community":"sunshine-garden","building":"1","unit":"1","room":"102","feeType":"property","period":"2026-11","amount":260,"dueDate":"2026-12-03","paidAmount":"260.00"},
             {"community":"sunshine-garden","building":"1","unit":"1","room":"103","feeType":"property","period":"2026q4","amount":"700","dueDate":"2026-11-10"}]
            """, HttpStatusCode.OK, "application/json");
        var unit = await Owners.JsonAsync(await staff.GetAsync($"/api/staff/units?community={Community}&building=1&unit=1&room=103"));
        var fee = Assert.Single(unit.GetProperty("fees").EnumerateArray());
        Assert.Equal((700m, "2026Q4"), (fee.GetProperty("amount").GetDecimal(), fee.GetProperty("period").GetString()));
        Assert.Equal("overdue30", Assert.Single(fee.GetProperty("reminders").EnumerateArray()).GetProperty("stage").GetString());
        Assert.Equal(["业主丙", "家人丙"], unit.GetProperty("residents").EnumerateArray().Select(r => r.GetProperty("name").GetString()).Order());
        var after = await Owners.JsonAsync(await staff.GetAsync($"/api/staff/fees?community={Community}&overdue=true"));
        Assert.DoesNotContain("102", after.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("room").GetString()));
    }

    [Fact]
    public async Task Nothing_goes_out_at_ten_at_night_and_the_morning_run_sends_the_due_ones()
    {
        await using var desk = await StartAsync(TenPmLocal);
        await desk.RunFunctionAsync("FeeReminders");
        Assert.All((await LedgerRemindersAsync(desk)).Values, Assert.Empty);
        var checkpoint = await desk.Services.GetRequiredService<IRunCheckpoints>().GetAsync(FeeReminderRun.Name, CancellationToken.None);
        Assert.Null(checkpoint); // a quiet-hours run does not even start a scan

        // 10:00 the next morning (the hourly schedule may fire as the clock moves; the checkpoint lease keeps runs apart).
        desk.Time!.SetUtcNow(TenAmLocal.AddDays(1));
        await desk.RunFunctionAsync("FeeReminders");
        var sms = await SentAsync(desk, Reminded.Length);
        Assert.Equal(Reminded, sms.Select(s => s.To).Order());
    }

    [Fact]
    public async Task A_run_cut_short_resumes_from_its_checkpoint_and_sends_nothing_twice()
    {
        await using var desk = await StartAsync(TenAmLocal, new Dictionary<string, string?> { ["Desk:FeeReminders:MaxUnitsPerRun"] = "3" });
        var checkpoints = desk.Services.GetRequiredService<IRunCheckpoints>();

        await desk.RunFunctionAsync("FeeReminders");
        var first = await checkpoints.GetAsync(FeeReminderRun.Name, CancellationToken.None);
        Assert.Equal((false, "1|1|103"), (first!.Completed, first.Position!.AfterUnitKey));
        var afterFirst = await LedgerRemindersAsync(desk);
        Assert.Equal(3, afterFirst.Values.Count(r => r.Count == 1));
        Assert.Empty(afterFirst["105"]);

        // Runs until a run gets to the end; each picks up where the last stopped.
        for (var i = 0; i < 4 && (await checkpoints.GetAsync(FeeReminderRun.Name, CancellationToken.None))!.Completed == false; i++)
        {
            await desk.RunFunctionAsync("FeeReminders");
        }
        Assert.True((await checkpoints.GetAsync(FeeReminderRun.Name, CancellationToken.None))!.Completed);

        // A crash that lost the checkpoint's progress: rewind it to the first unit. The rerun finds the reminders recorded.
        var done = (await checkpoints.GetAsync(FeeReminderRun.Name, CancellationToken.None))!;
        Assert.NotNull(await checkpoints.TrySaveAsync(FeeReminderRun.Name,
            done with { Completed = false, Position = new ScanPosition(Community, "1|1|101"), LeaseUntil = TenAmLocal.AddMinutes(-1) }, CancellationToken.None));
        await desk.RunFunctionAsync("FeeReminders");
        await desk.RunFunctionAsync("FeeReminders");

        var sms = await SentAsync(desk, Reminded.Length);
        Assert.Equal(Reminded, sms.Select(s => s.To).Order());
        var ledger = await LedgerRemindersAsync(desk);
        Assert.Equal(Reminded.Length, ledger.Values.Sum(r => r.Count));
        Assert.All(sms, s => Assert.Equal(1, s.Attempts));
    }

    [Fact]
    public async Task Bad_imports_are_refused_whole_naming_the_rows()
    {
        await using var desk = await TestDesk.StartAsync(fakeTimeStart: TenAmLocal);
        using var admin = await StaffClients.SignInAsync(desk, "admin", "admin");

        var fees = await ImportAsync(admin, "fees", """
            community,building,unit,room,feeType,period,amount,dueDate,paidAmount
            sunshine-garden,1,1,101,property,2026-12,260.00,2026-12-13,
            sunshine-garden,1,1,102,property,2026/11,26.005,2026-12-33,
            sunshine-garden,1|2,1,103,water,2026-11,100,2026-12-03,200
            """, HttpStatusCode.UnprocessableEntity);
        var rejected = fees.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([2, 3], rejected.Select(r => r.GetProperty("row").GetInt32()));
        Assert.Equal(["amount", "dueDate", "period"], rejected[0].GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(["building", "feeType", "paidAmount"], rejected[1].GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains("最多两位小数", rejected[0].GetProperty("errors").GetProperty("amount")[0].GetString());

        using var english = new HttpRequestMessage(HttpMethod.Put, "/api/staff/owners")
        {
            Content = JsonContent.Create(new[] { new { community = "sunshine-garden", building = "1", room = "101", name = "X", phone = "12345" } }),
        };
        english.Headers.AcceptLanguage.ParseAdd("en");
        using var ownersResponse = await admin.SendAsync(english);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ownersResponse.StatusCode);
        Assert.Equal("application/problem+json", ownersResponse.Content.Headers.ContentType!.MediaType);
        var owners = await Owners.JsonAsync(ownersResponse);
        Assert.StartsWith("must be a mobile number", owners.GetProperty("rejected")[0].GetProperty("errors").GetProperty("phone")[0].GetString());

        using var staff = await StaffClients.SignInAsync(desk, "李客服", "staff");
        var listed = await Owners.JsonAsync(await staff.GetAsync($"/api/staff/fees?community={Community}"));
        Assert.Equal(0, listed.GetProperty("items").GetArrayLength());
        var unit = await Owners.JsonAsync(await staff.GetAsync($"/api/staff/units?community={Community}&building=1&room=101"));
        Assert.Equal(0, unit.GetProperty("residents").GetArrayLength());

        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync($"/api/staff/fees?community={Community}&overdue=maybe")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync($"/api/staff/units?community={Community}")).StatusCode);
    }

    [Theory]
    [InlineData("owners", OwnersCsv)]
    [InlineData("fees", FeesCsv)]
    public async Task Only_admins_import_and_anonymous_callers_are_refused(string what, string csv)
    {
        await using var desk = await TestDesk.StartAsync();
        await ImportAsync(desk.Client, what, csv, HttpStatusCode.Unauthorized);
        using var staff = await StaffClients.SignInAsync(desk, "李客服", "staff");
        await ImportAsync(staff, what, csv, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await desk.Client.GetAsync($"/api/staff/fees?community={Community}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await desk.Client.GetAsync($"/api/staff/units?community={Community}&building=1&room=101")).StatusCode);
    }

    [Fact]
    public async Task A_unit_shows_its_residents_with_their_opt_out_state()
    {
        await using var desk = await StartAsync(TenAmLocal);
        using var staff = await StaffClients.SignInAsync(desk, "李客服", "staff");
        var unit = await Owners.JsonAsync(await staff.GetAsync($"/api/staff/units?community={Community}&building=1&unit=1&room=106"));
        var resident = Assert.Single(unit.GetProperty("residents").EnumerateArray());
        Assert.Equal(("+8613800000106", "owner", "zh-CN", true), (resident.GetProperty("phone").GetString(), resident.GetProperty("relation").GetString(),
            resident.GetProperty("language").GetString(), resident.GetProperty("optedOut").GetBoolean()));
    }
}
