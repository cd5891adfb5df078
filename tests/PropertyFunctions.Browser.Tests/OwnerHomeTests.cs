using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.LocalHost;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Browser.Tests;

/// <summary>
/// The owner's home in Chromium at a phone's width: sign in with the code from the local SMS log, two tickets and a parking fee
/// with its make-up, a promise to pay on the 15th that the clerk then sees in the console's queue; axe on every new page state.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class OwnerHomeTests(BrowserFixture fx)
{
    private const string Community = "sunshine-garden";
    private const string Phone = "+8613800008801";

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex Six();

    private static async Task AssertAccessibleAsync(Phone phone, string screenshot)
    {
        var serious = (await phone.AxeAsync()).Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Impact} {v.Id} at {string.Join(", ", v.Nodes)}");
        Assert.Empty(serious);
        Assert.True(await phone.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 360"), screenshot + " is wider than 360 px: " +
            await phone.Page.EvaluateAsync<string>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8).join('; ')"));
        await phone.ScreenshotAsync(screenshot);
    }

    private async Task<HttpClient> AdminAsync()
    {
        var client = fx.Desk.NewClient();
        (await client.PostAsJsonAsync("/.auth/login/dev", new { key = DevSignIn.DefaultKey, name = "admin", roles = new[] { "admin" } })).EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>The next 15th in Shanghai from today (today if it is the 15th's eve or earlier): the date the owner promises.</summary>
    private static DateOnly NextFifteenth(DateOnly today) =>
        today.Day < 15 ? new DateOnly(today.Year, today.Month, 15) : new DateOnly(today.Year, today.Month, 15).AddMonths(1);

    [Fact]
    public async Task An_owner_signs_in_with_the_sms_code_sees_two_tickets_and_a_parking_fee_made_up_and_promises_to_pay_on_the_15th()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
        var month = today.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        using (var admin = await AdminAsync())
        {
            foreach (var (what, csv) in new[]
            {
                ("owners", "community,building,unit,room,name,phone,area,parkingSpace\nsunshine-garden,8,1,801,周女士,13800008801,89.50,B2-018\n"),
                ("fees", $"community,building,unit,room,feeType,period,amount,dueDate,rate\nsunshine-garden,8,1,801,parking,{month},300,{today.AddDays(-7):yyyy-MM-dd},300\n"),
            })
            {
                using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
                (await admin.PutAsync($"/api/staff/{what}", content)).EnsureSuccessStatusCode();
            }
        }
        var tickets = new List<string>();
        foreach (var description in new[] { "客厅空调不制冷", "楼道窗户关不上" })
        {
            using var response = await fx.Desk.Client.PostAsJsonAsync("/api/tickets", new
            {
                community = Community, kind = "repair", building = "8", unit = "1", room = "801", name = "周女士", phone = "13800008801", description,
            });
            response.EnsureSuccessStatusCode();
            tickets.Add((await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!);
        }

        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        // Where Azure serves the home: on the API's origin, beside the console, so its SameSite=Strict cookie is first-party.
        await page.GotoAsync("/api/console/home.html");
        await Expect(page.Locator("#signin")).ToBeVisibleAsync();
        await AssertAccessibleAsync(phone, "home-01-sign-in");

        // A wrong number format is shown at the field; a good one gets the same words whether or not it is registered.
        await page.Locator("#phone").FillAsync("123");
        await page.Locator("#ask").ClickAsync();
        await Expect(page.Locator("#e-phone")).Not.ToBeEmptyAsync();
        await AssertAccessibleAsync(phone, "home-02-sign-in-error");
        await page.Locator("#phone").FillAsync("13800008801");
        await page.Locator("#ask").ClickAsync();
        await Expect(page.Locator("#msg")).ToContainTextAsync("如果该号码已在物业登记");
        var log = fx.Desk.Services.GetRequiredService<ISmsLog>();
        var sms = await TestDesk.EventuallyAsync(() => log.RecentAsync(200, CancellationToken.None), l => l.Any(s => s.To == Phone && s.Purpose == "code"));
        var code = Six().Match(sms.First(s => s.To == Phone && s.Purpose == "code").Text).Value;
        await page.Locator("#code").FillAsync(code);
        await page.Locator("#signin button[type=submit]").ClickAsync();

        await Expect(page.Locator("#home")).ToBeVisibleAsync();
        await Expect(page.Locator("#who")).ToContainTextAsync("8801");
        await Expect(page.Locator("#tickets li")).ToHaveCountAsync(2);
        foreach (var id in tickets)
        {
            await Expect(page.Locator("#tickets")).ToContainTextAsync(id);
        }
        var fee = page.Locator("#fees li");
        await Expect(fee).ToHaveCountAsync(1);
        await Expect(fee).ToContainTextAsync("停车费");
        await Expect(fee).ToContainTextAsync("已逾期");
        await Expect(fee).ToContainTextAsync("计算方式：车位B2-018，300.00元/月 × 1个月 = 300.00元");
        await Expect(page.Locator("#units")).ToContainTextAsync("建筑面积89.50m²");
        await AssertAccessibleAsync(phone, "home-03-signed-in");

        // Each ticket links to its tracking page, where rating and escalation are.
        Assert.StartsWith($"/track.html?id={tickets[0]}&k=", await page.Locator("#tickets a", new() { HasText = tickets[0] }).GetAttributeAsync("href"),
            StringComparison.Ordinal);

        // A promise without a date is refused at the field; with the 15th it goes to the service centre.
        await page.Locator("#reply input[value=promise]").CheckAsync();
        await page.Locator("#reply button[type=submit]").ClickAsync();
        await Expect(page.Locator("#e-promisedDate")).Not.ToBeEmptyAsync();
        await AssertAccessibleAsync(phone, "home-04-reply-error");
        var fifteenth = NextFifteenth(today);
        await page.Locator("#promisedDate").FillAsync(fifteenth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.Locator("#text").FillAsync("15号发工资后马上缴");
        await page.Locator("#reply button[type=submit]").ClickAsync();
        await Expect(page.Locator("#r-msg")).ToContainTextAsync("已提交");
        await Expect(fee).ToContainTextAsync("承诺缴费日" + fifteenth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Expect(page.Locator("#tickets li")).ToHaveCountAsync(3);
        await AssertAccessibleAsync(phone, "home-05-promised");

        // The SMS choices: fee reminders off, saved in the opt-out table.
        await page.Locator("#prefs input[name=feeReminders]").UncheckAsync();
        await page.Locator("#prefs button[type=submit]").ClickAsync();
        await Expect(page.Locator("#p-msg")).ToHaveTextAsync("已保存。");
        Assert.Contains(SmsTopics.Fees, await fx.Desk.Services.GetRequiredService<IOptOuts>().TopicsOffAsync(Phone, CancellationToken.None));

        // Events from home: signed up as the records have it, then cancelled.
        using (var organiser = fx.Desk.NewClient())
        {
            (await organiser.PostAsJsonAsync("/.auth/login/dev", new { key = DevSignIn.DefaultKey, name = "活动组", roles = new[] { "staff" } })).EnsureSuccessStatusCode();
            var start = DateTimeOffset.UtcNow.AddDays(3);
            (await organiser.PostAsJsonAsync("/api/staff/events", new
            {
                community = Community, title = "业主书画展", description = "欢迎参观。", place = "会所大厅",
                start = start.ToString("o", CultureInfo.InvariantCulture), end = start.AddHours(2).ToString("o", CultureInfo.InvariantCulture), capacity = 30,
            })).EnsureSuccessStatusCode();
        }
        await page.ReloadAsync();
        var show = page.Locator("#events li", new() { HasText = "业主书画展" });
        await show.GetByRole(AriaRole.Button, new() { Name = "报名" }).ClickAsync();
        await Expect(show).ToContainTextAsync("已报名");
        await AssertAccessibleAsync(phone, "home-06-event-signed-up");
        await show.GetByRole(AriaRole.Button, new() { Name = "取消报名" }).ClickAsync();
        await Expect(show).ToContainTextAsync("已取消报名");

        await page.Locator("#lang").ClickAsync();
        await Expect(page.Locator("#fees li")).ToContainTextAsync("Made up of space B2-018");
        await AssertAccessibleAsync(phone, "home-07-signed-in-en");
        await page.Locator("#lang").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");

        // The clerk sees the promise in the console's queue.
        await using var desk = await fx.NewPhoneAsync();
        await StaffConsoleTests.SignInAsync(desk.Page, "前台小周", "staff");
        await desk.Page.Locator("#filters input[name=community]").FillAsync(Community);
        await desk.Page.Locator("#filters button[type=submit]").ClickAsync();
        await Expect(desk.Page.Locator("#rows")).ToContainTextAsync("业主承诺缴费日期：" + fifteenth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            new() { Timeout = 30_000 });

        // Sign-out: back to the sign-in form, and the session no longer opens the home.
        await page.Locator("#out").ClickAsync();
        await Expect(page.Locator("#signin")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.Locator("#signin")).ToBeVisibleAsync();
        Assert.Empty(phone.ConsoleErrors);
    }
}
