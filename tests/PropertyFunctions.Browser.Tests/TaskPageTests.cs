using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.LocalHost;
using PropertyFunctions.Testing;
using Xunit.Abstractions;

namespace PropertyFunctions.Browser.Tests;

/// <summary>The technician's task page (web/task.html at /w/{code}) on a 360-px phone, from the link in the dispatch SMS.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class TaskPageTests(BrowserFixture fx, ITestOutputHelper output)
{
    /// <summary>No other browser test puts a roster or tickets here (StaffNoticesTests only publishes notices).</summary>
    private const string Community = "pine-court";
    private const string Engineer = "+8613900000001";
    private const string OwnerPhone = "+8613900139001";
    public const int MaxTaskPageBytes = 40 * 1000;

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    [GeneratedRegex(@"/w/([\w-]{10})$")]
    private static partial Regex TaskLink();

    private ISmsLog SmsLog => fx.Desk.Services.GetRequiredService<ISmsLog>();

    private async Task<SmsRecord> SmsAsync(string id, string purpose, string to) =>
        (await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(id, CancellationToken.None),
            list => list.Any(s => s.Purpose.StartsWith(purpose, StringComparison.Ordinal) && s.To == to && s.Status == SmsStatuses.Sent)))
        .First(s => s.Purpose.StartsWith(purpose, StringComparison.Ordinal) && s.To == to);

    /// <summary>
    /// An emergency in <see cref="Community"/> (dispatched at any hour); answers its id and the task link sent to the engineer.
    /// Each test uses a building of its own: a building's emergencies page staff at most once in ten minutes (the abuse policy).
    /// </summary>
    private async Task<(string Id, string Link)> EmergencyAsync(string description, string building)
    {
        using var admin = fx.Desk.NewClient();
        (await admin.PostAsJsonAsync("/.auth/login/dev", new { key = DevSignIn.DefaultKey, name = "admin", roles = new[] { "admin" } })).EnsureSuccessStatusCode();
        using var roster = new StringContent($"community,name,phone,department,role,onCall\n{Community},张师傅,13900000001,engineering,staff,true\n" +
            $"{Community},王主管,13900000004,service,supervisor,true\n{Community},孙经理,13900000007,service,manager,false\n", Encoding.UTF8, "text/csv");
        (await admin.PutAsync("/api/staff/roster", roster)).EnsureSuccessStatusCode();
        using var response = await fx.Desk.Client.PostAsJsonAsync("/api/tickets", new
        {
            community = Community, kind = "repair", building, unit = "1", room = "101", name = "陈女士", phone = OwnerPhone, description,
        });
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return (id, TaskLink().Match((await SmsAsync(id, "dispatch", Engineer)).Text).Value);
    }

    /// <summary>A camera-sized JPEG drawn by the browser itself.</summary>
    private static async Task<byte[]> PhotoAsync(IPage page) =>
        Convert.FromBase64String((await page.EvaluateAsync<string>(@"() => {
            const c = document.createElement('canvas'); c.width = 2000; c.height = 1500;
            const g = c.getContext('2d'); g.fillStyle = '#468'; g.fillRect(0, 0, 2000, 1500);
            return c.toDataURL('image/jpeg', 0.9).split(',')[1];
        }"))!);

    private async Task AuditAsync(Phone phone, string name)
    {
        var violations = await phone.AxeAsync();
        foreach (var v in violations)
        {
            output.WriteLine($"axe {name}: {v.Impact} {v.Id} ({v.Help}) at {string.Join(", ", v.Nodes)}");
        }
        Assert.DoesNotContain(violations, v => v.Impact is "serious" or "critical");
        Assert.True(await phone.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 360"), name + " is wider than 360 px");
        await phone.ScreenshotAsync(name);
    }

    [Fact]
    public async Task A_technician_accepts_sets_off_arrives_and_finishes_with_a_photo_from_the_sms_link_and_the_report_shows_the_time_on_site()
    {
        const string leak = "地下室水管爆裂，漏水严重 <img src=x onerror=alert(1)>";
        var (id, link) = await EmergencyAsync(leak, "7");

        // Until someone accepts, the console shows the emergency in red with the service centre's phone.
        await using var console = await fx.NewPhoneAsync();
        await StaffConsoleTests.SignInAsync(console.Page, "王主管", "staff,supervisor");
        await Expect(console.Page.Locator("#alarms")).ToBeVisibleAsync();
        var alarm = console.Page.Locator("#alarm-list li", new() { HasText = id });
        await Expect(alarm).ToContainTextAsync("pine-court 7栋1单元101");
        await Expect(alarm.Locator("a[href^='tel:']")).ToHaveAttributeAsync("href", "tel:4008001234");
        await AuditAsync(console, "task-00-console-alarm");

        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        var response = await page.GotoAsync(link);
        Assert.Equal(LocalDesk.WebContentSecurityPolicy, response!.Headers["content-security-policy"]);
        await Expect(page.Locator("#tid")).ToHaveTextAsync(id);
        await Expect(page.Locator("#who")).ToHaveTextAsync("张师傅，您好");
        await Expect(page.Locator("#desc")).ToHaveTextAsync(leak);
        await Expect(page.Locator("#facts a")).ToHaveAttributeAsync("href", "tel:" + OwnerPhone);
        await Expect(page.Locator("#urgent")).ToBeVisibleAsync();
        await Expect(page.Locator("form:visible button")).ToHaveTextAsync(["接单", "需协助"]);
        await AuditAsync(phone, "task-01-dispatched");

        await page.Locator("#accept button").ClickAsync();
        await Expect(page.Locator("#out")).ToHaveTextAsync("已接单，业主会收到短信。");
        await Expect(page.Locator("#status-now")).ToHaveTextAsync("已接单");
        await Expect(page.Locator("form:visible button")).ToHaveTextAsync(["出发", "到场", "完成", "需协助"]);
        await Expect(page.Locator("#d-eta")).ToHaveValueAsync("30");
        await AuditAsync(phone, "task-02-accepted");

        await page.Locator("#d-eta").FillAsync("15");
        await page.Locator("#depart button").ClickAsync();
        await Expect(page.Locator("#out")).ToHaveTextAsync("已短信告知业主您在路上。");
        Assert.Contains("张师傅已出发处理" + id + "，预计15分钟内到达。", (await SmsAsync(id, "on-my-way", OwnerPhone)).Text);

        await page.Locator("#arrive button").ClickAsync();
        await Expect(page.Locator("#out")).ToHaveTextAsync("已记录到场时间。");
        await Expect(page.Locator("#facts")).ToContainTextAsync("到场时间");
        await Expect(page.Locator("#status-now")).ToHaveTextAsync("处理中");

        await page.Locator("#r-note").FillAsync("更换了爆裂的水管");
        await page.Locator("#r-photos").SetInputFilesAsync(new FilePayload { Name = "done.jpg", MimeType = "image/jpeg", Buffer = await PhotoAsync(page) });
        await page.Locator("#resolve button").ClickAsync();
        await Expect(page.Locator("#out")).ToHaveTextAsync("已完成，业主会收到评价短信。", new() { Timeout = 20_000 });
        await Expect(page.Locator("#status-now")).ToHaveTextAsync("已完成");
        var photo = page.Locator("#photos img");
        await Expect(photo).ToHaveAttributeAsync("alt", "完工照片 1");
        await photo.EvaluateAsync("i => i.decode()"); // rejects unless the image loaded (storage, CSP)
        await Expect(page.Locator("#history")).ToContainTextAsync("更换了爆裂的水管");
        await Expect(page.Locator("form:visible")).ToHaveCountAsync(0);
        Assert.Contains("已处理完毕", (await SmsAsync(id, "resolved", OwnerPhone)).Text);
        await AuditAsync(phone, "task-03-resolved");

        await page.Locator("#lang").ClickAsync();
        await Expect(page.Locator("#status-now")).ToHaveTextAsync("Resolved");
        await Expect(page.Locator("#photos img")).ToHaveAttributeAsync("alt", "Work photo 1");
        await AuditAsync(phone, "task-04-resolved-en");
        await page.Locator("#lang").ClickAsync();
        Assert.Equal(0, dialogs);
        Assert.Empty(phone.ConsoleErrors);

        // Accepted: the red banner is gone. The month's report shows the time on site and the engineer's own figures.
        await console.Page.ReloadAsync();
        await Expect(console.Page.Locator("#who")).ToContainTextAsync("王主管");
        await console.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Expect(console.Page.Locator("#alarm-list li", new() { HasText = id })).ToHaveCountAsync(0);
        await console.Page.GotoAsync("/staff/#reports");
        await console.Page.Locator("#report-form input[name=community]").FillAsync(Community);
        await console.Page.Locator("#report-form button[type=submit]").ClickAsync();
        var onSite = console.Page.Locator("#report-rows tr", new() { HasText = "按时到场" });
        await Expect(onSite.Locator("td").Last).ToContainTextAsync("100% (1/1)");
        await Expect(console.Page.Locator("#report-rows tr", new() { HasText = "到场用时" }).Locator("td").Last).ToContainTextAsync("分钟");
        await Expect(console.Page.Locator("#staff-rows tr").First).ToContainTextAsync("张师傅");
        await Expect(console.Page.Locator("#staff-rows tr").First.Locator("td").First).ToHaveTextAsync("1");
        await AuditAsync(console, "task-05-report");
        Assert.Empty(console.ConsoleErrors);
    }

    [Fact]
    public async Task An_outdated_link_says_it_no_longer_works()
    {
        await using var phone = await fx.NewPhoneAsync();
        await phone.Page.GotoAsync("/w/AAAAAAAAAA");
        await Expect(phone.Page.Locator("#msg")).ToHaveTextAsync("此链接已失效：工单已结束，或已改派给其他同事。如有疑问请致电客服中心。");
        await Expect(phone.Page.Locator("#view")).ToBeHiddenAsync();
        await AuditAsync(phone, "task-06-gone");
    }

    /// <summary>
    /// The task page is a staff page, outside the owner pages' budget (QualityTests), with a budget of its own: what a phone
    /// fetches to open it in Chinese and switch to English (HTML, CSS, JS, JSON; not the API's answers or photos) is at most
    /// 40 KB, all from the desk's own origin, and every file it has is among them.
    /// </summary>
    [Fact]
    public async Task The_task_page_weighs_at_most_40_KB_and_makes_no_third_party_requests()
    {
        var (_, link) = await EmergencyAsync("楼道水管爆裂，漏水严重", "8");
        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        await page.GotoAsync(link);
        await Expect(page.Locator("#tid")).Not.ToBeEmptyAsync();
        await page.Locator("#lang").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.All(phone.Requests, u => Assert.StartsWith(fx.Desk.BaseUrl, u, StringComparison.Ordinal));
        var fetched = phone.Requests.Select(u => new Uri(u).AbsolutePath).Where(p => !p.StartsWith("/api/", StringComparison.Ordinal) && p != "/favicon.ico")
            .Select(p => p.StartsWith("/w/", StringComparison.Ordinal) ? "/task.html" : p).ToHashSet();
        long Size(string path) => new FileInfo(Path.Combine(BrowserFixture.WebRoot, path.TrimStart('/'))).Length;
        foreach (var file in fetched.Order())
        {
            output.WriteLine($"{Size(file),6} {file}");
        }
        var total = fetched.Sum(Size);
        output.WriteLine($"task page, Chinese then English: {total} bytes in {fetched.Count} files");
        Assert.Superset(QualityTests.TaskPageFiles().ToHashSet(), fetched);
        Assert.InRange(total, 1, MaxTaskPageBytes);
    }
}
