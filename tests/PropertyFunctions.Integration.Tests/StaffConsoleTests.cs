using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.RegularExpressions;
using PropertyFunctions.Api.Http;
using PropertyFunctions.LocalHost;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

/// <summary>
/// The staff console is served by the Function app (the StaffConsole Function), so it and the staff API share one
/// origin: in Azure the platform's sign-in cookie is then first-party, which Safari and strict Firefox require.
/// </summary>
public sealed partial class StaffConsoleTests : IAsyncLifetime
{
    private const string Console = StaffConsole.BasePath + StaffConsole.Start;
    private TestDesk _desk = null!;

    public async Task InitializeAsync() => _desk = await TestDesk.StartAsync();

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    [Fact]
    public async Task The_console_and_the_staff_API_answer_from_the_same_origin_so_sign_in_needs_no_cross_site_cookie()
    {
        using var browser = _desk.NewClient();

        // The console page, from the app that serves the API.
        using var page = await browser.GetAsync(Console);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        // The browser lets the page call its own origin only, so every API call the console makes is same-origin.
        var csp = string.Join("", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("connect-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);

        // Its sign-in link is the platform's sign-in on this same origin, returning to the console.
        var signIn = WebUtility.HtmlDecode(SignInLink().Match(html).Groups["href"].Value);
        Assert.Equal("/.auth/login/aad?post_login_redirect_uri=" + Console, signIn);
        using var form = await browser.GetAsync(signIn);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains($"name=\"redirect\" value=\"{Console}\"", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var signedIn = await browser.PostAsync("/.auth/login/dev", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["key"] = DevSignIn.DefaultKey, ["name"] = "王主管", ["roles"] = "staff,supervisor", ["redirect"] = Console,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(Console, signedIn.Headers.Location!.OriginalString);
        // A SameSite=Strict cookie is never sent cross-site: that the console's calls carry it proves none are cross-site.
        Assert.Contains("samesite=strict", Assert.Single(signedIn.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);

        using var me = await browser.GetAsync("/api/staff/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains("王主管", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(new Uri(browser.BaseAddress!, Console).GetLeftPart(UriPartial.Authority),
            new Uri(browser.BaseAddress!, "/api/staff/me").GetLeftPart(UriPartial.Authority));
        // No CORS: the API never allows another origin to read it with credentials.
        Assert.False(me.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Theory]
    [InlineData("staff/main.js", "text/javascript")]
    [InlineData("staff/staff.css", "text/css")]
    [InlineData("js/common.js", "text/javascript")]
    [InlineData("config.json", "application/json")]
    [InlineData("i18n/zh-CN.json", "application/json")]
    [InlineData("home.html", "text/html")]
    [InlineData("home/en.json", "application/json")]
    public async Task The_console_loads_the_shared_web_files_by_the_same_relative_paths_as_in_web(string path, string mediaType)
    {
        // staff/index.html refers to ../js/common.js; under /api/console/ that resolves as it does in web/.
        var url = new Uri(new Uri(_desk.BaseUrl + Console), "../" + path);
        using var response = await _desk.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Equal("nosniff", string.Join("", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Root(), "web", path)), await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>
    /// The owner's home signs in with a SameSite=Strict cookie, so in Azure it is served here, on the API's origin, with the
    /// files it loads by relative paths; the sign-in cookie is then first-party and sent with every home call.
    /// </summary>
    [Fact]
    public async Task The_owners_home_is_served_on_the_api_origin_and_loads_its_files_by_relative_paths()
    {
        using var page = await _desk.Client.GetAsync(StaffConsole.BasePath + "home.html");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=([^ >]+)"))
        {
            var target = m.Groups[1].Value.Trim('"');
            Assert.False(target.StartsWith('/'), $"{target} would leave /api/console/ on the API origin");
            using var file = await _desk.Client.GetAsync(new Uri(new Uri(_desk.BaseUrl + StaffConsole.BasePath + "home.html"), target));
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        }
        using var words = await _desk.Client.GetAsync(StaffConsole.BasePath + "home/zh-CN.json");
        Assert.Equal(HttpStatusCode.OK, words.StatusCode);
    }

    [Fact]
    public async Task The_owner_pages_the_home_links_to_are_redirected_to_the_owner_pages_origin_with_their_query()
    {
        using var response = await _desk.Client.GetAsync(StaffConsole.BasePath + "faq.html?community=sunshine-garden");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var pages = _desk.Services.GetRequiredService<PropertyFunctions.Core.Common.DeskOptions>().PublicBaseUrl.TrimEnd('/');
        Assert.Equal(pages + "/faq.html?community=sunshine-garden", response.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData("track.html")]
    [InlineData("README.md")]
    [InlineData("faq/zh-CN.json")]
    [InlineData("staff/%2e%2e/track.html")]
    [InlineData("staff/..%2ftrack.html")]
    [InlineData("js%5c..%5ctrack.html")]
    [InlineData("staff/missing.js")]
    public async Task Nothing_else_of_web_is_served_there(string path)
    {
        using var response = await _desk.Client.GetAsync(StaffConsole.BasePath + path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("/api/console", Console)]
    [InlineData("/api/console/", Console)]
    [InlineData("/api/console/staff", Console)]
    [InlineData("/staff/", Console)]
    [InlineData("/staff/index.html", Console + "index.html")]
    public async Task Folders_and_the_old_local_path_lead_to_the_console(string path, string location)
    {
        using var response = await _desk.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public void The_Function_app_packs_exactly_the_files_the_console_may_load()
    {
        var web = Path.Combine(RepositoryPaths.Root(), "web");
        var filter = new StaffConsole(web, new Uri("http://127.0.0.1:10000/devstoreaccount1"));
        var servable = Directory.GetFiles(web, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(web, f).Replace('\\', '/'))
            .Where(f => filter.Find(f) is FileInfo)
            .Order();
        // The Api project's output (copied here with it): what `azd deploy` uploads.
        var packed = Path.Combine(AppContext.BaseDirectory, StaffConsole.OutputFolder);
        var files = Directory.GetFiles(packed, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(packed, f).Replace('\\', '/')).Order();

        Assert.Equal(servable, files);
        Assert.Contains("staff/index.html", files);
        Assert.Contains("js/common.js", files);
    }

    [GeneratedRegex("""id="signin-link" href="(?<href>[^"]+)""")]
    private static partial Regex SignInLink();
}
