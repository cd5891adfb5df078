using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using PropertyFunctions.LocalHost;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class StaffConsoleTests(BrowserFixture fx)
{
    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private async Task<string> SubmitAsync(string description)
    {
        using var admin = fx.Desk.NewClient();
        (await admin.PostAsJsonAsync("/.auth/login/dev", new { key = DevSignIn.DefaultKey, name = "admin", roles = new[] { "admin" } })).EnsureSuccessStatusCode();
        using var roster = new StringContent("community,name,phone,department,role,onCall\nsunshine-garden,张师傅,13900000001,engineering,staff,true\n",
            Encoding.UTF8, "text/csv");
        (await admin.PutAsync("/api/staff/roster", roster)).EnsureSuccessStatusCode();
        using var response = await fx.Desk.Client.PostAsJsonAsync("/api/tickets", new
        {
            community = "sunshine-garden", kind = "repair", building = "3", room = "501", name = "<b>王</b>", phone = "13800138099", description,
        });
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
        // Wait for the router: its write would otherwise change the ticket's ETag under the console (a 412 on the
        // first action). Out of office hours it routes without dispatching, so only "routed" can be waited for.
        await TestDesk.EventuallyAsync(async () =>
            (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/staff/tickets/{id}")).GetProperty("ticket"),
            t => t.TryGetProperty("routedAt", out var routed) && routed.ValueKind == System.Text.Json.JsonValueKind.String);
        return id;
    }

    /// <summary>Signs in through the local host's development sign-in page, as staff do in a browser.</summary>
    internal static async Task SignInAsync(IPage page, string name, string roles)
    {
        await page.GotoAsync("/.auth/login/dev");
        await page.Locator("input[name=key]").FillAsync(DevSignIn.DefaultKey);
        await page.Locator("input[name=name]").FillAsync(name);
        await page.Locator("input[name=roles]").FillAsync(roles);
        await page.Locator("button[type=submit]").ClickAsync();
        await Expect(page.Locator("#who")).ToContainTextAsync(name);
    }

    [Fact]
    public async Task Staff_sign_in_accept_and_resolve_in_the_console_and_owner_text_stays_text()
    {
        const string hostile = "<img src=x onerror=alert(1)>卫生间漏水";
        var id = await SubmitAsync(hostile);
        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };

        await SignInAsync(page, "李师傅", "staff");

        await page.GotoAsync($"/staff/#t={id}");
        await Expect(page.Locator("#detail-title")).ToContainTextAsync(id);
        await Expect(page.Locator("#description")).ToHaveTextAsync(hostile);
        Assert.Equal(0, await page.Locator("#description img, #facts b").CountAsync());
        await phone.ScreenshotAsync("staff-ticket");

        await page.Locator("button[data-action=accept]").ClickAsync();
        await Expect(page.Locator("#detail-title")).ToContainTextAsync("已接单");
        await page.Locator("textarea[name=note]").FillAsync("已更换密封圈");
        await page.Locator("button[data-action=resolve]").ClickAsync();
        await Expect(page.Locator("#detail-title")).ToContainTextAsync("已完成");
        await Expect(page.Locator("#history")).ToContainTextAsync("已更换密封圈");
        await Expect(page.Locator("#history")).ToContainTextAsync("(工作台)");

        // The queue opens on open work; the resolved ticket is under every status.
        await page.GotoAsync("/staff/");
        await Expect(page.Locator("#filters select[name=status]")).ToHaveValueAsync("open");
        await page.Locator("#filters select[name=status]").SelectOptionAsync("");
        await page.Locator("#filters button[type=submit]").ClickAsync();
        await Expect(page.Locator("#rows")).ToContainTextAsync(id);
        await phone.ScreenshotAsync("staff-queue");
        Assert.Equal(0, dialogs);
        Assert.Empty(phone.ConsoleErrors);
    }

    [Fact]
    public async Task A_units_records_show_its_residents_opt_outs_and_tickets()
    {
        var id = await SubmitAsync("客厅灯不亮");
        using var admin = fx.Desk.NewClient();
        (await admin.PostAsJsonAsync("/.auth/login/dev", new { key = DevSignIn.DefaultKey, name = "admin", roles = new[] { "admin" } })).EnsureSuccessStatusCode();
        using var owners = new StringContent("community,building,room,name,phone,relation\nsunshine-garden,3,501,<i>王女士</i>,13800138099,owner\n",
            Encoding.UTF8, "text/csv");
        (await admin.PutAsync("/api/staff/owners", owners)).EnsureSuccessStatusCode();

        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        await SignInAsync(page, "李师傅", "staff,supervisor");
        await page.GotoAsync("/staff/#units");
        await page.Locator("#unit-form input[name=building]").FillAsync("3");
        await page.Locator("#unit-form input[name=room]").FillAsync("501");
        await page.Locator("#unit-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#residents")).ToContainTextAsync("<i>王女士</i> · +8613800138099 · owner");
        await Expect(page.Locator("#unit-tickets")).ToContainTextAsync(id);
        Assert.Equal(0, await page.Locator("#residents i").CountAsync());
        await phone.ScreenshotAsync("staff-unit");
    }

    [Fact]
    public async Task A_supervisor_reads_the_monthly_report_per_department_and_downloads_it_as_csv()
    {
        await SubmitAsync("3栋电梯按钮失灵");
        await using var phone = await fx.NewPhoneAsync();
        var page = phone.Page;
        await SignInAsync(page, "王主管", "staff,supervisor");
        await Expect(page.Locator("#nav-reports")).ToBeVisibleAsync();

        await page.Locator("#nav-reports a").ClickAsync();
        await Expect(page.Locator("#reports")).ToBeVisibleAsync();
        await Expect(page.Locator("#report-head")).ToHaveTextAsync("指标工程部保洁部保安部客服中心合计");
        // With no month chosen the desk's current month is shown and filled in.
        var month = await page.Locator("#report-form input[name=month]").InputValueAsync();
        Assert.Matches(@"^\d{4}-\d{2}$", month);
        var received = page.Locator("#report-rows tr").Filter(new() { Has = page.Locator("th", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^受理$") }) });
        Assert.True(int.Parse(await received.Locator("td").Last.TextContentAsync() ?? "", System.Globalization.CultureInfo.InvariantCulture) >= 1);
        await Expect(page.Locator("#report-rows")).ToContainTextAsync("按时接单");
        await Expect(page.Locator("#report-note")).ToContainTextAsync(month);
        await phone.ScreenshotAsync("staff-report");

        var href = await page.Locator("#report-csv").GetAttributeAsync("href");
        Assert.Contains($"month={month}", href);
        Assert.Contains("format=csv", href);
        var csv = await page.APIRequest.GetAsync(href!);
        Assert.Equal(200, csv.Status);
        var bytes = await csv.BodyAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.StartsWith("部门代码,部门,", Encoding.UTF8.GetString(bytes[3..]));

        // A community that is not a slug: the field error, in Chinese, and no download link.
        await page.Locator("#report-form input[name=community]").FillAsync("Not A Slug");
        await page.Locator("#report-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#report-error")).ToContainTextAsync("小区编号只能包含小写字母、数字和短横线");
        await Expect(page.Locator("#report-csv")).ToBeHiddenAsync();
        Assert.Empty(phone.ConsoleErrors);
    }

    /// <summary>
    /// The console words the server's codes (statuses, actions, departments…) with the vocabulary GET /api/staff/me answers,
    /// Chinese first; the switch turns it English and is remembered; dates are in the desk's time zone, not the browser's.
    /// </summary>
    [Fact]
    public async Task The_console_words_codes_from_the_API_vocabulary_in_Chinese_and_switches_to_English()
    {
        var id = await SubmitAsync("厨房灯不亮");
        var context = await fx.Browser.NewContextAsync(new()
        {
            BaseURL = fx.Desk.BaseUrl, ViewportSize = new() { Width = 360, Height = 760 }, Locale = "zh-CN", TimezoneId = "America/New_York",
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await SignInAsync(page, "李师傅", "staff");

        var vocabulary = JsonDocument.Parse(await (await page.APIRequest.GetAsync("/api/staff/me")).TextAsync()).RootElement.GetProperty("vocabulary");
        string Word(string language, string key) => vocabulary.GetProperty("texts").GetProperty(language).GetProperty(key).GetString()!;
        var statuses = vocabulary.GetProperty("codes").GetProperty("status").EnumerateArray().Select(s => s.GetString()!).ToList();
        var ticket = JsonDocument.Parse(await (await page.APIRequest.GetAsync($"/api/staff/tickets/{id}")).TextAsync()).RootElement.GetProperty("ticket");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(vocabulary.GetProperty("timeZone").GetString()!);
        var created = TimeZoneInfo.ConvertTime(ticket.GetProperty("createdAt").GetDateTimeOffset(), zone);

        await page.GotoAsync($"/staff/#t={id}");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync($"{id} · {Word("zh-CN", "status." + ticket.GetProperty("status").GetString())}");
        await Expect(page.Locator("button[data-action=accept]")).ToHaveTextAsync(Word("zh-CN", "action.accept"));
        await Expect(page.Locator("#facts")).ToContainTextAsync(Word("zh-CN", "kind.repair"));
        await Expect(page.Locator("#history li").First).ToContainTextAsync(created.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.GotoAsync("/staff/#");
        var options = page.Locator("#filters select[name=status] option");
        await Expect(options).ToHaveTextAsync(["未完成", "全部", .. statuses.Select(s => Word("zh-CN", "status." + s))]);

        await page.Locator("#lang").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("#lang")).ToHaveTextAsync("中文");
        await Expect(options).ToHaveTextAsync(["Open", "All", .. statuses.Select(s => Word("en", "status." + s))]);
        await Expect(page.Locator("#nav-queue")).ToHaveTextAsync("Queue");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "staff-queue-en.png"), FullPage = true });

        // Remembered: the next visit is in English from the start.
        await page.GotoAsync($"/staff/#t={id}");
        await Expect(page.Locator("button[data-action=accept]")).ToHaveTextAsync(Word("en", "action.accept"));
        await Expect(page.Locator("#facts")).ToContainTextAsync(Word("en", "kind.repair"));
        Assert.NotEqual(Word("zh-CN", "action.accept"), Word("en", "action.accept"));
        Assert.Empty(errors);
        await context.CloseAsync();

        // The console keeps no copy of the server's words (here: the Chinese for departments, kinds, notice types, import columns' meanings).
        var console = string.Concat(Directory.EnumerateFiles(Path.Combine(BrowserFixture.WebRoot, "staff"), "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        var copied = vocabulary.GetProperty("texts").GetProperty("zh-CN").EnumerateObject()
            .Where(w => w.Name.Split('.')[0] is "department" or "kind" or "notice_type" || w.Name.EndsWith(".hint", StringComparison.Ordinal) || w.Name.EndsWith(".effect", StringComparison.Ordinal))
            .Select(w => w.Value.GetString()!).Where(text => text.Length > 2 && console.Contains(text, StringComparison.Ordinal));
        Assert.Empty(copied);
    }

    /// <summary>The console's two dictionaries have the same keys, none of the API's, and with the API's words cover every key the page names.</summary>
    [Fact]
    public void The_consoles_dictionaries_match_and_with_the_APIs_words_cover_the_page()
    {
        HashSet<string> Keys(string lang)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(BrowserFixture.WebRoot, "staff", "i18n", lang + ".json")));
            return doc.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet();
        }
        var zh = Keys("zh-CN");
        Assert.Equal(zh.Order(), Keys("en").Order());
        var api = Core.StaffConsole.ConsoleVocabulary.Keys;
        Assert.Empty(zh.Intersect(api));
        var named = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Path.Combine(BrowserFixture.WebRoot, "staff", "index.html")), "data-[tl]=\"([^\"]+)\"")
            .Select(m => m.Groups[1].Value).ToList();
        Assert.True(named.Count > 80, $"only {named.Count} keys found in the console page");
        Assert.All(named, key => Assert.True(zh.Contains(key) || api.Contains(key), key));
    }

    [Fact]
    public async Task An_anonymous_visitor_is_asked_to_sign_in()
    {
        await using var phone = await fx.NewPhoneAsync();
        await phone.Page.GotoAsync("/staff/");
        await Expect(phone.Page.Locator("#signin")).ToBeVisibleAsync();
        await Expect(phone.Page.Locator("#queue")).ToBeHiddenAsync();
    }
}
