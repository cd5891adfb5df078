using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PropertyFunctions.LocalHost;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Browser.Tests;

/// <summary>
/// One desk (the real local host over Azurite) and one headless Chromium for all browser tests.
/// The system Chromium is used; Playwright never downloads a browser.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright _playwright = null!;

    public TestDesk Desk { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public static string WebRoot => Path.Combine(RepositoryPaths.Root(), "web");
    public static string Screenshots => Path.Combine(RepositoryPaths.Root(), "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        // One desk serves every browser test from one address and a few phones: lift the hourly limits
        // (the rate limiter has its own integration tests) so adding a test never trips them.
        Desk = await TestDesk.StartAsync(new Dictionary<string, string?>
        {
            ["Desk:RateLimits:PerAddressPerHour"] = "1000",
            ["Desk:RateLimits:PerPhonePerHour"] = "1000",
        });
        await NameTheDemoCommunityAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
        Directory.CreateDirectory(Screenshots);
    }

    /// <summary>
    /// Sunshine Garden as an admin sets it up in the console: its name, service centre and the offices on the last step of the
    /// escalation ladder (the owner pages read them from the API). Its emergency line stays the desk's.
    /// </summary>
    private async Task NameTheDemoCommunityAsync()
    {
        using var admin = Desk.NewClient();
        (await admin.PostAsJsonAsync("/.auth/login/dev", new { key = DevSignIn.DefaultKey, name = "admin", roles = new[] { "admin" } })).EnsureSuccessStatusCode();
        var current = await admin.GetFromJsonAsync<JsonElement>("/api/staff/communities/sunshine-garden");
        var settings = JsonNode.Parse(current.GetProperty("settings").GetRawText())!.AsObject();
        settings["name"] = new JsonObject { ["zh-CN"] = "阳光花园", ["en"] = "Sunshine Garden" };
        settings["serviceCentrePhone"] = "021-5000-0000";
        settings["contacts"] = new JsonArray(
            Contact("street_office", "阳光街道办事处", "Sunshine Street Office", "021-5000-1001"),
            Contact("residents_committee", "阳光花园居委会", "Sunshine Garden Residents' Committee", "021-5000-1002"),
            Contact("housing_authority", "区房屋管理局", "District Housing Authority", "12345"));
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/staff/communities/sunshine-garden") { Content = JsonContent.Create(settings) };
        request.Headers.TryAddWithoutValidation("If-Match", current.GetProperty("etag").GetString());
        (await admin.SendAsync(request)).EnsureSuccessStatusCode();

        static JsonObject Contact(string role, string zh, string en, string phone) =>
            new() { ["role"] = role, ["name"] = new JsonObject { ["zh-CN"] = zh, ["en"] = en }, ["phone"] = phone };
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
        await Desk.DisposeAsync();
    }

    /// <summary>A fresh phone-sized page (360 px wide) that records console errors and every request's URL.</summary>
    public async Task<Phone> NewPhoneAsync()
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Desk.BaseUrl,
            ViewportSize = new() { Width = 360, Height = 760 },
            Locale = "zh-CN",
        });
        var page = await context.NewPageAsync();
        var phone = new Phone(context, page);
        page.Console += (_, m) =>
        {
            // An HTTP error answer is logged as "Failed to load resource"; the pages handle those (e.g. 404 of an API not built yet).
            if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                phone.ConsoleErrors.Add(m.Text);
            }
        };
        page.PageError += (_, e) => phone.ConsoleErrors.Add(e);
        page.Request += (_, r) => phone.Requests.Add(r.Url);
        return phone;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

public sealed record Violation(string Id, string Impact, string Help, string[] Nodes);

public sealed class Phone(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IBrowserContext Context { get; } = context;
    public IPage Page { get; } = page;
    public List<string> ConsoleErrors { get; } = [];
    public List<string> Requests { get; } = [];

    private static readonly Lazy<string> AxeSource =
        new(() => File.ReadAllText(Path.Combine(RepositoryPaths.Root(), "node_modules", "axe-core", "axe.min.js")));

    /// <summary>Runs axe-core (all rules) on the page as it is now; answers every violation.</summary>
    public async Task<IReadOnlyList<Violation>> AxeAsync()
    {
        // Injected through the DevTools protocol, so the page's CSP (no inline script) stays in force for the page itself.
        if (!await Page.EvaluateAsync<bool>("() => typeof axe === 'object'"))
        {
            await Page.EvaluateAsync(AxeSource.Value);
        }
        var json = await Page.EvaluateAsync<string>("""
            async () => {
              const r = await axe.run(document, { resultTypes: ['violations'] });
              return JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')) })));
            }
            """);
        return JsonSerializer.Deserialize<Violation[]>(json, JsonSerializerOptions.Web)!;
    }

    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
