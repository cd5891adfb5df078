using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.LocalHost;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Browser.Tests;

/// <summary>The front desk in Chromium: a call taken with the keyboard alone, the queue's banner and refresh, settings and FAQ, outage answers.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FrontDeskTests(BrowserFixture fx)
{
    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static async Task AssertAccessibleAsync(Phone phone, string screenshot)
    {
        var serious = (await phone.AxeAsync()).Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Impact} {v.Id} at {string.Join(", ", v.Nodes)}");
        Assert.Empty(serious);
        Assert.True(await phone.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 360"), screenshot + " is wider than 360 px: " +
            await phone.Page.EvaluateAsync<string>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8).join('; ')"));
        await phone.ScreenshotAsync(screenshot);
    }

    private async Task<HttpClient> SignedInAsync(string name, params string[] roles)
    {
        var client = fx.Desk.NewClient();
        (await client.PostAsJsonAsync("/.auth/login/dev", new { key = DevSignIn.DefaultKey, name, roles })).EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>Now plus <paramref name="hours"/>, as staff write local times ("2026-11-30 09:00").</summary>
    private static string Local(double hours) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddHours(hours), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"))
            .ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The issue's test: a clerk takes a call, finds the caller by phone, creates a repair, and the owner gets the SMS.</summary>
    [Fact]
    public async Task A_clerk_takes_a_call_with_the_keyboard_alone_and_the_owner_gets_the_sms()
    {
        using (var admin = await SignedInAsync("admin", "admin"))
        using (var owners = new StringContent("community,building,unit,room,name,phone,relation\nsunshine-garden,6,1,601,赵女士,13700137001,owner\n",
            Encoding.UTF8, "text/csv"))
        {
            (await admin.PutAsync("/api/staff/owners", owners)).EnsureSuccessStatusCode();
        }
        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        await StaffConsoleTests.SignInAsync(page, "赵文员", "staff");

        var clock = Stopwatch.StartNew();
        await page.GotoAsync("/staff/#new");
        await Expect(page.Locator("#lookup-q")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("137 0013 7001");
        await page.Keyboard.PressAsync("Enter");
        // Straight on to the caller found: Enter takes them, and the description is next.
        var use = page.Locator("#callers button").First;
        await Expect(use).ToBeFocusedAsync();
        await Expect(page.Locator("#callers")).ToContainTextAsync("6栋1单元601");
        await AssertAccessibleAsync(phone, "staff-new-caller");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#new-form-description")).ToBeFocusedAsync();
        await Expect(page.Locator("#new-form-name")).ToHaveValueAsync("赵女士");
        await Expect(page.Locator("#new-form-room")).ToHaveValueAsync("601");
        await page.Keyboard.TypeAsync("厨房下水道堵了");
        await page.Keyboard.PressAsync("Control+Enter");
        await Expect(page.Locator("#new-done-title")).ToContainTextAsync("已建单");
        await Expect(page.Locator("#new-done-title")).ToBeFocusedAsync();
        clock.Stop();
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"the call took {clock.Elapsed}");
        await AssertAccessibleAsync(phone, "staff-new-done");
        var id = Uri.UnescapeDataString((await page.Locator("#new-done-link").GetAttributeAsync("href"))!.Split("#t=")[1]);

        // The owner gets the acknowledgement with the tracking link.
        var log = fx.Desk.Services.GetRequiredService<ISmsLog>();
        var sms = await TestDesk.EventuallyAsync(() => log.ForGroupAsync(id, CancellationToken.None),
            list => list.Any(s => s.Purpose == "ack" && s.Status == SmsStatuses.Sent));
        var ack = Assert.Single(sms, s => s.Purpose == "ack");
        Assert.Equal("+8613700137001", ack.To);
        Assert.Contains("/t/", ack.Text, StringComparison.Ordinal);

        // The record says who entered it and through which channel.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#new-done-link")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#detail-title")).ToContainTextAsync(id);
        await Expect(page.Locator("#history li").First).ToContainTextAsync("客服赵文员（电话）代为登记。");
        await Expect(page.Locator("#history li").First).ToContainTextAsync("(电话)");
        Assert.Empty(phone.ConsoleErrors);
    }

    [Fact]
    public async Task The_queue_shows_a_red_banner_when_no_one_is_on_duty_and_refreshes_itself()
    {
        const string community = "lotus-court"; // no roster: every ticket is routed to no one
        async Task<string> SubmitAsync(string description)
        {
            using var response = await fx.Desk.Client.PostAsJsonAsync("/api/tickets", new
            {
                community, kind = "repair", building = "2", room = "201", name = "孙先生", phone = "13700137002", description,
            });
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
        }
        // Open around the clock, so the router dispatches at once (to no one) whatever the hour the test runs at;
        // out of hours it would wait for opening time instead, and nothing would be stranded yet.
        using (var admin = await SignedInAsync("admin", "admin"))
        {
            var current = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/staff/communities/{community}");
            var settings = System.Text.Json.Nodes.JsonNode.Parse(current.GetProperty("settings").GetRawText())!.AsObject();
            settings["hours"] = new System.Text.Json.Nodes.JsonObject(
                new[] { "mon", "tue", "wed", "thu", "fri", "sat", "sun" }.Select(d => KeyValuePair.Create(d, (System.Text.Json.Nodes.JsonNode?)"00:00-23:59")));
            settings["holidays"] = new System.Text.Json.Nodes.JsonArray();
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/staff/communities/{community}") { Content = JsonContent.Create(settings) };
            request.Headers.TryAddWithoutValidation("If-Match", current.GetProperty("etag").GetString());
            (await admin.SendAsync(request)).EnsureSuccessStatusCode();
        }
        using var clerk = await SignedInAsync("钱文员", "staff");
        var first = await SubmitAsync("车库顶灯不亮");
        await TestDesk.EventuallyAsync(() => clerk.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/staff/duty?community={community}"),
            d => d.GetProperty("stranded").GetArrayLength() > 0);

        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        await StaffConsoleTests.SignInAsync(page, "钱文员", "staff");
        await page.Locator("#filters input[name=community]").FillAsync(community);
        await page.Locator("#filters button[type=submit]").ClickAsync();
        await Expect(page.Locator("#duty-banner")).ToBeVisibleAsync();
        await Expect(page.Locator("#duty-banner")).ToContainTextAsync($"无人值班：{community} 的工单 {first}");
        await Expect(page.Locator("#rows")).ToContainTextAsync(first);
        await AssertAccessibleAsync(phone, "staff-queue-banner");

        // A ticket arriving meanwhile shows up without anyone asking.
        var second = await SubmitAsync("单元门禁坏了");
        await Expect(page.Locator("#rows")).ToContainTextAsync(second, new() { Timeout = 30_000 });
        await Expect(page.Locator("#queue-updated")).ToContainTextAsync("每 15 秒自动刷新");
        Assert.Empty(phone.ConsoleErrors);
    }

    [Fact]
    public async Task An_admin_edits_a_communitys_settings_and_faq_and_the_owner_pages_show_them()
    {
        const string community = "maple-court";
        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        await StaffConsoleTests.SignInAsync(page, "管理员", "staff,admin");
        await page.GotoAsync("/staff/#communities");
        await page.Locator("#community-pick input[name=community]").FillAsync(community);
        await page.Locator("#community-pick button[type=submit]").ClickAsync();
        await Expect(page.Locator("#community-form-title")).ToHaveTextAsync($"{community} 的设置");

        await page.Locator("#cs-name-zh-CN").FillAsync("枫林苑");
        await page.Locator("#cs-name-en").FillAsync("Maple Court");
        await page.Locator("#cs-hours-mon").FillAsync("9-18");
        await page.Locator("#cs-hours-sat").FillAsync("09:00-12:00");
        await page.Locator("#cs-hours-sun").FillAsync("");
        await page.Locator("#cs-holidays").FillAsync("2026-10-01, 2026-10-02");
        await page.Locator("#cs-workingDays").FillAsync("2026-10-10");
        await page.Locator("#cs-emergencyPhone").FillAsync("021-6000-0000");
        await page.Locator("#cs-add-contact").ClickAsync();
        await Expect(page.Locator("#cs-contacts-0\\.role")).ToBeFocusedAsync();
        await page.Locator("#cs-contacts-0\\.role").SelectOptionAsync("committee");
        await page.Locator("#cs-contacts-0\\.name\\.zh-CN").FillAsync("枫林苑业委会");
        await page.Locator("#cs-contacts-0\\.phone").FillAsync("021-6000-2000");
        await page.Locator("#community-form button[type=submit]").ClickAsync();
        // A wrong field is named where it is, in Chinese.
        await Expect(page.Locator("#e-cs-hours-mon")).ToHaveTextAsync("营业时间格式应为 09:00-18:00，留空表示休息");
        await AssertAccessibleAsync(phone, "staff-community-error");
        await page.Locator("#cs-hours-mon").FillAsync("08:30-17:30");
        await page.Locator("#community-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#community-form [role=status]")).ToHaveTextAsync("已保存，一分钟内生效。");
        await Expect(page.Locator("#cs-contacts-0\\.name\\.zh-CN")).ToHaveValueAsync("枫林苑业委会");

        // The FAQ starts from the default; a question edited and one added.
        await page.GotoAsync("/staff/#faq");
        await page.Locator("#faq-pick input[name=community]").FillAsync(community);
        await page.Locator("#faq-pick button[type=submit]").ClickAsync();
        await Expect(page.Locator("#faq-form-title")).ToContainTextAsync("默认内容");
        await Expect(page.Locator("#faq-items > li")).ToHaveCountAsync(7);
        await page.Locator("#faq-form-items-0\\.q").FillAsync("物业费怎么交？可以微信交吗？");
        await page.Locator("#faq-add").ClickAsync();
        await Expect(page.Locator("#faq-form-items-7\\.q")).ToBeFocusedAsync();
        await page.Locator("#faq-form-items-7\\.a").FillAsync("地下车库B区有充电桩。\n问题请拨 {centre}。");
        await page.Locator("#faq-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#e-faq-form-items-7\\.q")).ToHaveTextAsync("必填");
        await page.Locator("#faq-form-items-7\\.q").FillAsync("有充电桩吗？");
        await page.Locator("#faq-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#faq-form [role=status]")).ToHaveTextAsync("已保存，一分钟内生效。");
        await Expect(page.Locator("#faq-form-title")).Not.ToContainTextAsync("默认内容");
        await AssertAccessibleAsync(phone, "staff-faq");

        // The owner pages read both from the API: the name, the emergency line, the hours and the new questions.
        await page.GotoAsync($"/faq.html?community={community}");
        await Expect(page.Locator("#cname")).ToHaveTextAsync("枫林苑");
        await Expect(page.Locator(".sos a")).ToHaveAttributeAsync("href", "tel:02160000000");
        await Expect(page.Locator("details")).ToHaveCountAsync(8);
        await Expect(page.Locator("summary").First).ToHaveTextAsync("物业费怎么交？可以微信交吗？");
        await Expect(page.Locator("#faq")).ToContainTextAsync("枫林苑客服中心：周一 08:30–17:30，周二至周五 09:00–18:00，周六 09:00–12:00，周日休息，法定节假日休息。");
        await page.Locator("summary").Last.ClickAsync();
        await Expect(page.Locator("details").Last).ToContainTextAsync("问题请拨 400-800-1234。");
        Assert.Empty(phone.ConsoleErrors);
    }

    [Fact]
    public async Task The_owner_form_shows_the_buildings_outage_and_an_answered_question_can_still_reach_a_person()
    {
        const string community = "cedar-court";
        using (var staff = await SignedInAsync("客服小陈", "staff"))
        {
            using var published = await staff.PostAsJsonAsync("/api/staff/notices", new
            {
                community, type = "water", title = "水泵检修停水", body = "3栋水泵检修，请提前储水。", buildings = new[] { "3" },
                start = Local(-1), expectedEnd = Local(5),
            });
            published.EnsureSuccessStatusCode();
        }
        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        await page.GotoAsync($"/?community={community}");
        await page.Locator("#building").FillAsync("3栋");
        await Expect(page.Locator("#out")).ToBeVisibleAsync();
        await Expect(page.Locator("#outages")).ToContainTextAsync("水泵检修停水");
        await page.Locator("#building").FillAsync("5");
        await Expect(page.Locator("#out")).ToBeHiddenAsync();
        await page.Locator("#building").FillAsync("3");
        await page.Locator("input[value=inquiry]").CheckAsync();
        await page.Locator("#room").FillAsync("302");
        await page.Locator("#name").FillAsync("周女士");
        await page.Locator("#phone").FillAsync("13700137003");
        await page.Locator("#description").FillAsync("3栋怎么又停水了？");
        await AssertAccessibleAsync(phone, "submit-outage");
        await page.Locator("#send").ClickAsync();
        await Expect(page.Locator("#done-msg")).ToContainTextAsync("水泵检修停水");

        await page.Locator("#done-link").ClickAsync();
        await Expect(page.Locator("#status-now")).ToHaveTextAsync("已由通知答复");
        await Expect(page.Locator("#answered")).ToBeVisibleAsync();
        await AssertAccessibleAsync(phone, "track-answered");
        await page.Locator("#why").FillAsync("邻居家都有水，只有我家没水");
        await page.Locator("#answered button[type=submit]").ClickAsync();
        await Expect(page.Locator("#act-msg")).ToHaveTextAsync("已转人工，稍后短信通知您。");
        await Expect(page.Locator("#answered")).ToBeHiddenAsync();
        await Expect(page.Locator("#status-now")).ToHaveTextAsync("已受理");
        await Expect(page.Locator("#history")).ToContainTextAsync("只有我家没水");
        Assert.Empty(phone.ConsoleErrors);
    }
}
