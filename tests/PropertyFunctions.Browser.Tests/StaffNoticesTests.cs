using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;

namespace PropertyFunctions.Browser.Tests;

/// <summary>The console's notices and events sections, driven as a service-centre clerk would, on a phone-sized page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StaffNoticesTests(BrowserFixture fx)
{
    // A community of these tests' own, so other tests' notices and events do not show up here.
    private const string Community = "pine-court";

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>A local time in the desk's zone, <paramref name="days"/> from today at <paramref name="hour"/>, as a datetime-local input takes it.</summary>
    private static string Local(int days, int hour)
    {
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        return TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, shanghai).Date.AddDays(days).AddHours(hour)
            .ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>axe-core on the console as it stands: no serious or critical violations (the bar the owner pages meet), and nothing wider than the phone.</summary>
    private static async Task AssertAccessibleAsync(Phone phone)
    {
        var serious = (await phone.AxeAsync()).Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Impact} {v.Id} at {string.Join(", ", v.Nodes)}");
        Assert.Empty(serious);
        Assert.True(await phone.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 360"), "the console is wider than 360 px");
    }

    private static async Task ShowCommunityAsync(IPage page, string section)
    {
        await page.GotoAsync($"/staff/#{section}");
        await page.Locator($"#{section} input[name=community]").FillAsync(Community);
        await page.Locator($"#{section} form.filters button[type=submit]").ClickAsync();
    }

    [Fact]
    public async Task A_clerk_publishes_updates_and_withdraws_a_water_outage_and_a_stale_update_is_refused()
    {
        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        // Broadcasting by SMS to every household is a supervisor's decision.
        await StaffConsoleTests.SignInAsync(page, "客服小陈", "supervisor");
        await ShowCommunityAsync(page, "notices");
        await Expect(page.Locator("#notice-list")).ToContainTextAsync("暂无通知");

        // Nothing filled in: the API's field errors appear next to the fields, in Chinese.
        var publish = page.Locator("#notice-publish");
        await publish.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#e-notice-publish-title")).ToHaveTextAsync("必填");
        await Expect(publish.Locator("input[name=title]")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#e-notice-publish-buildings")).ToHaveTextAsync("请填写受影响的楼栋，或选择全小区");
        await Expect(publish.Locator("input[name=buildings]")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(publish.Locator(".summary")).ToContainTextAsync("请检查标出的项目");

        await publish.Locator("select[name=type]").SelectOptionAsync("water");
        await publish.Locator("input[name=title]").FillAsync("3栋停水");
        await publish.Locator("textarea[name=body]").FillAsync("更换水泵，<b>请提前储水</b>。");
        await publish.Locator("input[name=buildings]").FillAsync("3");
        await publish.Locator("input[name=expectedEnd]").FillAsync(Local(1, 17));
        await Expect(page.Locator("#notice-sms-warning")).ToContainTextAsync("已退订短信的住户也会收到");
        Assert.False(await publish.Locator("input[name=sendSms]").IsCheckedAsync());
        await publish.Locator("button[type=submit]").ClickAsync();

        var item = page.Locator("#notice-list li").Filter(new() { HasText = "3栋停水" });
        await Expect(item).ToHaveClassAsync("card active outage");
        await Expect(item).ToContainTextAsync("停供");
        await Expect(item).ToContainTextAsync("3栋");
        await Expect(page.Locator("#notice-detail-title")).ToHaveTextAsync("3栋停水 · 生效中");
        await Expect(page.Locator("#notice-body")).ToHaveTextAsync("更换水泵，<b>请提前储水</b>。");
        await Expect(page.Locator("#notice-broadcasts")).ToHaveTextAsync("未群发短信");
        Assert.Equal(0, await page.Locator("#notices b").CountAsync());
        var id = (await item.GetAttributeAsync("data-id"))!;
        await phone.ScreenshotAsync("staff-notices");

        // Owners see it on their page.
        var owner = await phone.Context.NewPageAsync();
        await owner.GotoAsync($"/notices.html?community={Community}");
        await Expect(owner.Locator("#notices li").First).ToContainTextAsync("3栋停水");

        var update = page.Locator("#notice-update");
        await update.Locator("textarea[name=update]").FillAsync("已恢复供水");
        await update.Locator("input[name=resolved]").CheckAsync();
        await update.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#notice-detail-title")).ToContainTextAsync("已恢复");
        await Expect(page.Locator("#notice-updates")).ToContainTextAsync("已恢复供水");
        await owner.ReloadAsync();
        await Expect(owner.Locator("#notices li").First).ToContainTextAsync("已恢复供水");

        // Someone else (a clerk: an update without SMS) updates the notice behind the console's back: the console's ETag is stale now.
        using (var staff = await new OwnerPagesTests(fx).StaffAsync())
        using (var other = await staff.PutAsJsonAsync($"/api/staff/notices/{id}", new { community = Community, update = "水压偏低，正在调整", sendSms = false }))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }
        await update.Locator("textarea[name=update]").FillAsync("傍晚水压恢复正常");
        await update.Locator("button[type=submit]").ClickAsync();
        await Expect(update.Locator(".error")).ToContainTextAsync("其他人刚修改了这条通知");
        await Expect(page.Locator("#notice-updates")).ToContainTextAsync("水压偏低，正在调整");
        // What the clerk typed is kept; sent again with the fresh ETag it goes through.
        await Expect(update.Locator("textarea[name=update]")).ToHaveValueAsync("傍晚水压恢复正常");
        await phone.ScreenshotAsync("staff-notice-stale");
        await AssertAccessibleAsync(phone);
        await update.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#notice-updates")).ToContainTextAsync("傍晚水压恢复正常");
        await Expect(update.Locator(".error")).ToBeEmptyAsync();

        var withdraw = page.Locator("#notice-withdraw");
        await withdraw.Locator("input[name=reason]").FillAsync("重复发布");
        await withdraw.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#notice-detail-title")).ToContainTextAsync("已撤回");
        await Expect(page.Locator("#notice-updates")).ToContainTextAsync("withdrawn: 重复发布");
        await Expect(update).ToBeHiddenAsync();
        await Expect(item).ToHaveClassAsync("card withdrawn");
        await owner.ReloadAsync();
        await Expect(owner.Locator("#n-msg")).ToHaveTextAsync("暂无通知。");

        Assert.Equal(0, dialogs);
        Assert.Empty(phone.ConsoleErrors);
    }

    [Fact]
    public async Task A_clerk_creates_an_event_and_sees_confirmed_sign_ups_before_the_waiting_list()
    {
        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        await StaffConsoleTests.SignInAsync(page, "活动组小林", "staff");
        await ShowCommunityAsync(page, "events");

        var form = page.Locator("#event-create");
        await form.Locator("input[name=title]").FillAsync("亲子手工课");
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#e-event-create-place")).ToHaveTextAsync("必填");

        await form.Locator("textarea[name=description]").FillAsync("做灯笼，材料由物业提供。");
        await form.Locator("input[name=place]").FillAsync("会所二楼活动室");
        await form.Locator("input[name=start]").FillAsync(Local(3, 14));
        await form.Locator("input[name=end]").FillAsync(Local(3, 16));
        await form.Locator("input[name=capacity]").FillAsync("2");
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(form.Locator("[role=status]")).ToContainTextAsync("已创建：亲子手工课");
        await Expect(page.Locator("#e-event-create-place")).ToBeEmptyAsync();
        var item = page.Locator("#event-list li").Filter(new() { HasText = "亲子手工课" });
        await Expect(item).ToContainTextAsync("已确认 0/2 人");
        var id = (await item.GetAttributeAsync("data-id"))!;

        // Three households sign up on the owners' side for two places.
        foreach (var i in new[] { 1, 2, 3 })
        {
            using var response = await fx.Desk.Client.PostAsJsonAsync($"/api/events/{id}/signups",
                new { name = $"业主{i}", phone = $"1390000{i:D4}", building = "3", room = $"{500 + i}" });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await page.Locator("#event-filter button[type=submit]").ClickAsync();
        await Expect(item).ToContainTextAsync("已确认 2/2 人 · 候补 1");
        await item.Locator("button").ClickAsync();
        await Expect(page.Locator("#event-detail-title")).ToHaveTextAsync("亲子手工课");
        await Expect(page.Locator("#signups-confirmed li")).ToHaveCountAsync(2);
        await Expect(page.Locator("#signups-confirmed li").First).ToContainTextAsync("业主1 · +8613900000001 · 3栋 501 · 1 人");
        await Expect(page.Locator("#signups-waiting li")).ToHaveTextAsync(new[] { new System.Text.RegularExpressions.Regex("^候补第 1 位 · 业主3") });
        await phone.ScreenshotAsync("staff-event-signups");
        await AssertAccessibleAsync(phone);

        var href = await page.Locator("#event-csv").GetAttributeAsync("href");
        Assert.EndsWith($"/api/staff/events/{id}/signups?format=csv", href);
        var csv = await page.APIRequest.GetAsync(href!);
        Assert.Equal(200, csv.Status);
        var lines = Encoding.UTF8.GetString(await csv.BodyAsync()).TrimStart('\uFEFF').TrimEnd().Split("\r\n");
        Assert.Equal("status,position,name,phone,building,room,people,signedUpAt", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.Empty(phone.ConsoleErrors);
    }
}
