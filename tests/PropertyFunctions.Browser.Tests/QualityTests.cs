using Microsoft.Playwright;
using PropertyFunctions.LocalHost;
using Xunit.Abstractions;

namespace PropertyFunctions.Browser.Tests;

/// <summary>Accessibility (axe-core), CSP, page weight and screenshots of every owner page at phone width.</summary>
[Collection(BrowserCollection.Name)]
public sealed class QualityTests(BrowserFixture fx, ITestOutputHelper output)
{
    public const int MaxOwnerPagesBytes = 40 * 1000;

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private OwnerPagesTests Owner => new(fx);

    /// <summary>Every page in each state worth seeing: audited, checked for width and CSP, and screenshotted.</summary>
    [Fact]
    public async Task Every_page_passes_axe_with_no_serious_or_critical_violations_under_its_CSP()
    {
        var trackUrl = await Owner.SubmitAsync("厨房水管漏水，<img src=x onerror=alert(1)>");
        var found = new List<string>();

        async Task AuditAsync(Phone phone, string name, ILocator ready)
        {
            await Expect(ready).ToBeVisibleAsync();
            var violations = await phone.AxeAsync();
            foreach (var v in violations)
            {
                output.WriteLine($"axe {name}: {v.Impact} {v.Id} ({v.Help}) at {string.Join(", ", v.Nodes)}");
            }
            var serious = violations.Where(v => v.Impact is "serious" or "critical").ToList();
            found.AddRange(serious.Select(v => $"{name}: {v.Impact} {v.Id} at {string.Join(", ", v.Nodes)}"));
            output.WriteLine($"axe {name}: {serious.Count} serious/critical, {violations.Count - serious.Count} minor/moderate");
            // Fits a 360-px phone: nothing wider than the screen.
            Assert.True(await phone.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 360"), name + " is wider than 360 px");
            await phone.ScreenshotAsync(name);
        }

        await using (var phone = await fx.NewPhoneAsync())
        {
            var page = phone.Page;
            var response = await page.GotoAsync("/");
            Assert.Equal(LocalDesk.WebContentSecurityPolicy, response!.Headers["content-security-policy"]);
            await AuditAsync(phone, "01-submit", page.Locator("#cname"));
            await page.Locator("input[value=repair]").CheckAsync();
            await page.Locator("input[value=in-home]").CheckAsync();
            await page.Locator("#phone").FillAsync("123");
            await page.Locator("#description").FillAsync("家里燃气味很重");
            await page.Locator("#send").ClickAsync();
            await AuditAsync(phone, "02-submit-errors", page.Locator("#summary"));
            await page.Locator("input[value=mediation]").CheckAsync();
            await AuditAsync(phone, "03-submit-dispute", page.Locator("#other"));

            await page.Locator("input[value=repair]").CheckAsync();
            foreach (var (field, value) in new[] { ("#building", "5"), ("#room", "302"), ("#name", "李先生"), ("#phone", "13800138000") })
            {
                await page.Locator(field).FillAsync(value);
            }
            await page.Locator("#send").ClickAsync();
            await AuditAsync(phone, "04-submitted", page.Locator("#done-id"));

            await page.GotoAsync(trackUrl);
            await AuditAsync(phone, "05-track", page.Locator("#tid"));

            await Owner.ResolveAsync(trackUrl, "已更换水管接头");
            await page.GotoAsync(trackUrl);
            await AuditAsync(phone, "06-track-resolved", page.Locator("#rate"));

            await page.GotoAsync("/notices.html");
            await Expect(page.Locator("#ev-msg")).ToHaveTextAsync("暂无活动。");
            await AuditAsync(phone, "07-notices-empty", page.Locator("#n-msg"));
            await Owner.PublishSamplesAsync("lotus-court");
            await page.GotoAsync("/notices.html?community=lotus-court");
            await AuditAsync(phone, "08-notices", page.Locator("#events form").First);

            await page.GotoAsync("/faq.html");
            await page.Locator("summary").Last.ClickAsync();
            await AuditAsync(phone, "09-faq", page.Locator("details[open]"));

            await page.Locator("#lang").ClickAsync();
            await AuditAsync(phone, "10-faq-en", page.GetByText("What if I am unhappy with how it was handled?"));
            await page.GotoAsync("/");
            await AuditAsync(phone, "11-submit-en", page.GetByText("Report a problem"));
            await page.GotoAsync(trackUrl);
            await AuditAsync(phone, "12-track-resolved-en", page.Locator("#rate"));

            Assert.DoesNotContain(phone.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
            Assert.Empty(phone.ConsoleErrors);
        }
        Assert.Empty(found);
    }

    [Fact]
    public async Task The_audit_is_not_vacuous_it_finds_an_unlabelled_field()
    {
        await using var phone = await fx.NewPhoneAsync();
        await phone.Page.SetContentAsync("<!doctype html><html lang=en><title>t</title><main><input id=x></main></html>");
        Assert.Contains(await phone.AxeAsync(), v => v.Id == "label" && v.Impact == "critical");
    }

    [Fact]
    public async Task Every_page_declares_the_same_CSP_as_the_host_sends()
    {
        foreach (var file in OwnerPages.Append("task.html").Append("event.html"))
        {
            var html = await File.ReadAllTextAsync(Path.Combine(BrowserFixture.WebRoot, file));
            Assert.Contains($"<meta http-equiv=\"Content-Security-Policy\" content=\"{LocalDesk.WebContentSecurityPolicy}\">", html, StringComparison.Ordinal);
            Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
            using var response = await fx.Desk.Client.GetAsync("/" + file);
            Assert.Equal(LocalDesk.WebContentSecurityPolicy, string.Join("", response.Headers.GetValues("Content-Security-Policy")));
        }
        // The staff console gets its policy from the Function that serves it on the API's origin (StaffConsole).
        using var staff = await fx.Desk.Client.GetAsync(PropertyFunctions.Api.Http.StaffConsole.BasePath + "staff/index.html");
        Assert.Equal(System.Net.HttpStatusCode.OK, staff.StatusCode);
        Assert.Contains("connect-src 'self';", string.Join("", staff.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.DoesNotContain("Content-Security-Policy", await staff.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Both_dictionaries_have_the_same_keys_and_every_key_the_pages_name()
    {
        HashSet<string> Keys(string lang)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(BrowserFixture.WebRoot, "i18n", lang + ".json")));
            return doc.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet();
        }
        var zh = Keys("zh-CN");
        Assert.Equal(zh.Order(), Keys("en").Order());
        // Attribute values are quoted or not (HTML allows either; the pages leave quotes out where they can, for weight).
        var named = OwnerPages.Select(f => File.ReadAllText(Path.Combine(BrowserFixture.WebRoot, f)))
            .SelectMany(html => System.Text.RegularExpressions.Regex.Matches(html, "data-(?:t|l|title)=(?:\"([^\"]+)\"|([^\"\\s>]+))")
                .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)).ToList();
        Assert.True(named.Count > 50, $"only {named.Count} dictionary keys found in the pages");
        // The owner's home adds its own words (web/home/, loaded by the home page only) to the shared ones.
        HashSet<string> HomeKeys(string lang)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(BrowserFixture.WebRoot, "home", lang + ".json")));
            return doc.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet();
        }
        var home = HomeKeys("zh-CN");
        Assert.Equal(home.Order(), HomeKeys("en").Order());
        Assert.Empty(home.Intersect(zh));
        Assert.All(named, key => Assert.True(zh.Contains(key) || home.Contains(key), key));
    }

    [Fact]
    public void The_task_pages_dictionaries_have_the_same_keys_and_every_key_the_page_names()
    {
        HashSet<string> Keys(string lang)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(BrowserFixture.WebRoot, "task", lang + ".json")));
            return doc.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet();
        }
        var zh = Keys("zh-CN");
        Assert.Equal(zh.Order(), Keys("en").Order());
        var html = File.ReadAllText(Path.Combine(BrowserFixture.WebRoot, "task.html"));
        var named = System.Text.RegularExpressions.Regex.Matches(html, "data-t=([^\"\\s>]+)").Select(m => m.Groups[1].Value).ToList();
        Assert.True(named.Count > 10, $"only {named.Count} dictionary keys found in the task page");
        Assert.All(named, key => Assert.Contains(key, zh));
    }

    [Fact]
    public void The_event_pages_dictionaries_have_the_same_keys_and_every_key_the_page_and_script_name()
    {
        HashSet<string> Keys(string lang)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(BrowserFixture.WebRoot, "event", lang + ".json")));
            return doc.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet();
        }
        var zh = Keys("zh-CN");
        Assert.Equal(zh.Order(), Keys("en").Order());
        var html = File.ReadAllText(Path.Combine(BrowserFixture.WebRoot, "event.html"));
        var named = System.Text.RegularExpressions.Regex.Matches(html, "data-t=([^\"\\s>]+)").Select(m => m.Groups[1].Value)
            .Concat(["notFound", "busy", "netFail", "confirmed", "waiting", "cancelled", "done", "people"]).ToList();
        Assert.All(named, key => Assert.Contains(key, zh));
    }

    private static readonly string[] OwnerPages = ["index.html", "track.html", "notices.html", "faq.html", "home.html"];

    /// <summary>The owner's home and the files only it loads: a signed-in owner's page, weighed on its own below.</summary>
    public static IEnumerable<string> HomePageFiles() =>
        Directory.EnumerateFiles(Path.Combine(BrowserFixture.WebRoot, "home")).Append(Path.Combine(BrowserFixture.WebRoot, "home.html"))
            .Append(Path.Combine(BrowserFixture.WebRoot, "js", "home.js"))
            .Select(f => "/" + Path.GetRelativePath(BrowserFixture.WebRoot, f).Replace('\\', '/'));

    /// <summary>An owner's event sign-up page (<c>/e/{code}</c> from the event SMS) and its own files: reached only from an SMS, weighed on its own.</summary>
    public static IEnumerable<string> EventPageFiles() =>
        Directory.EnumerateFiles(Path.Combine(BrowserFixture.WebRoot, "event")).Append(Path.Combine(BrowserFixture.WebRoot, "event.html"))
            .Select(f => "/" + Path.GetRelativePath(BrowserFixture.WebRoot, f).Replace('\\', '/'));

    /// <summary>The technician's task page and the files only it loads: a staff page, weighed on its own (TaskPageTests).</summary>
    public static IEnumerable<string> TaskPageFiles() =>
        Directory.EnumerateFiles(Path.Combine(BrowserFixture.WebRoot, "task")).Append(Path.Combine(BrowserFixture.WebRoot, "task.html"))
            .Select(f => "/" + Path.GetRelativePath(BrowserFixture.WebRoot, f).Replace('\\', '/'));

    /// <summary>
    /// Visits every owner page as one visitor would, first in Chinese (the default) and then as an English reader who
    /// switches language on the first page, and weighs what the browser fetched (HTML, CSS, JS, JSON; not the API's
    /// answers or the photos). Each visit must stay within 40 KB, and nothing may come from elsewhere. Every owner file
    /// under web/ must be fetched by one of the two visits, so nothing escapes the count; the total of both is reported.
    /// </summary>
    [Fact]
    public async Task The_owner_pages_together_weigh_at_most_40_KB_and_make_no_third_party_requests()
    {
        var trackUrl = await Owner.SubmitAsync("楼道灯不亮");
        long Size(string path) => new FileInfo(Path.Combine(BrowserFixture.WebRoot, path.TrimStart('/'))).Length;
        var visits = new Dictionary<string, HashSet<string>>();
        foreach (var lang in new[] { "zh-CN", "en" })
        {
            // A new phone per visitor: nothing cached, nothing remembered.
            await using var phone = await fx.NewPhoneAsync();
            var page = phone.Page;
            var files = visits[lang] = [];
            foreach (var (name, url) in new[] { ("index", "/"), ("track", trackUrl), ("notices", "/notices.html"), ("faq", "/faq.html") })
            {
                phone.Requests.Clear();
                await page.GotoAsync(url);
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                if (url == "/" && lang == "en")
                {
                    await page.Locator("#lang").ClickAsync();
                    await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
                    await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                }
                Assert.All(phone.Requests, u => Assert.StartsWith(fx.Desk.BaseUrl, u, StringComparison.Ordinal));
                var fetched = phone.Requests.Select(u => new Uri(u).AbsolutePath)
                    .Where(p => !p.StartsWith("/api/", StringComparison.Ordinal) && p != "/favicon.ico")
                    .Select(p => p == "/" ? "/index.html" : p).ToHashSet();
                output.WriteLine($"{lang} {name}: {fetched.Sum(Size)} bytes ({string.Join(" ", fetched.Order())})");
                files.UnionWith(fetched);
            }
            output.WriteLine($"{lang} visitor, all four pages: {files.Sum(Size)} bytes in {files.Count} files");
        }

        var all = visits.Values.SelectMany(f => f).Distinct().Order().ToList();
        foreach (var file in all)
        {
            output.WriteLine($"{Size(file),6} {file}");
        }
        output.WriteLine($"every owner file, both languages: {all.Sum(Size)} bytes in {all.Count} files");
        // Every file under web/ (but its README, the staff console in web/staff/, the technician's task page with its own files, weighed
        // on its own, and the Static Web App's own routing file, which no browser fetches) is fetched by a visit, so nothing escapes the budget.
        var onDisk = Directory.EnumerateFiles(BrowserFixture.WebRoot, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal) && !f.StartsWith(Path.Combine(BrowserFixture.WebRoot, "staff"), StringComparison.Ordinal)
                && Path.GetFileName(f) != "staticwebapp.config.json")
            .Select(f => "/" + Path.GetRelativePath(BrowserFixture.WebRoot, f).Replace('\\', '/')).Except(TaskPageFiles()).Except(EventPageFiles()).Except(HomePageFiles()).Order().ToList();
        Assert.Equal(onDisk, all);
        Assert.All(visits.Values, files => Assert.InRange(files.Sum(Size), 1, MaxOwnerPagesBytes));
    }

    /// <summary>
    /// The owner's home, weighed per visitor as the public pages are: a new phone opens /home.html (and an English reader switches
    /// language there) and everything the browser fetched, the shared files included, must stay within the same 40 KB. The home
    /// is weighed as a visit of its own: the four public pages already use nearly all of their visitor's 40 KB.
    /// </summary>
    [Fact]
    public async Task The_owners_home_weighs_at_most_40_KB_per_visitor_and_makes_no_third_party_requests()
    {
        long Size(string path) => new FileInfo(Path.Combine(BrowserFixture.WebRoot, path.TrimStart('/'))).Length;
        foreach (var lang in new[] { "zh-CN", "en" })
        {
            await using var phone = await fx.NewPhoneAsync();
            var page = phone.Page;
            await page.GotoAsync("/home.html");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            if (lang == "en")
            {
                await page.Locator("#lang").ClickAsync();
                await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            }
            Assert.All(phone.Requests, u => Assert.StartsWith(fx.Desk.BaseUrl, u, StringComparison.Ordinal));
            var files = phone.Requests.Select(u => new Uri(u).AbsolutePath)
                .Where(p => !p.StartsWith("/api/", StringComparison.Ordinal) && p != "/favicon.ico").ToHashSet();
            output.WriteLine($"{lang} home visitor: {files.Sum(Size)} bytes ({string.Join(" ", files.Order())})");
            Assert.Contains("/js/home.js", files);
            Assert.Contains($"/home/{lang}.json", files);
            Assert.InRange(files.Sum(Size), 1, MaxOwnerPagesBytes);
        }
    }
}
