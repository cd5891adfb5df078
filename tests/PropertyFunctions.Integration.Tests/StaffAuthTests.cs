using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Core.Common;
using PropertyFunctions.LocalHost;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

public sealed class StaffAuthTests : IAsyncLifetime
{
    private TestDesk _desk = null!;

    public async Task InitializeAsync() => _desk = await TestDesk.StartAsync();

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    [Fact]
    public async Task Anonymous_callers_get_401()
    {
        using var response = await _desk.Client.GetAsync("/api/staff/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_forged_principal_header_is_stripped()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/staff/me");
        request.Headers.Add(StaffAuth.PrincipalHeader, DevSignIn.Principal("mallory", ["admin"]));
        using var response = await _desk.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Development_sign_in_gives_a_principal_with_roles()
    {
        using var client = _desk.NewClient();
        using var wrong = await client.PostAsJsonAsync("/.auth/login/dev", new { key = "guess", name = "wang" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        using var signIn = await client.PostAsJsonAsync("/.auth/login/dev", new { key = DevSignIn.DefaultKey, name = "王师傅", roles = new[] { "staff" } });
        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        var me = await Owners.JsonAsync(await client.GetAsync("/api/staff/me"));
        Assert.Equal("王师傅", me.GetProperty("name").GetString());
        Assert.Equal(["staff"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    /// <summary>The console's words for the server's codes and its time zone come with /me, in both languages, from the server's catalogue.</summary>
    [Fact]
    public async Task Me_answers_the_consoles_vocabulary_and_the_desks_time_zone()
    {
        await using var desk = await TestDesk.StartAsync(new Dictionary<string, string?> { ["Desk:TimeZone"] = "Asia/Urumqi" });
        using var staff = await StaffClients.SignInAsync(desk, "李师傅", StaffRoles.Staff);
        var vocabulary = (await Owners.JsonAsync(await staff.GetAsync("/api/staff/me"))).GetProperty("vocabulary");
        Assert.Equal("Asia/Urumqi", vocabulary.GetProperty("timeZone").GetString());
        Assert.Equal(Core.Tickets.TicketActions.All, vocabulary.GetProperty("codes").GetProperty("action").EnumerateArray().Select(a => a.GetString()));
        var texts = vocabulary.GetProperty("texts");
        Assert.Equal("接单", texts.GetProperty("zh-CN").GetProperty("action.accept").GetString());
        Assert.Equal("Accept", texts.GetProperty("en").GetProperty("action.accept").GetString());
        Assert.Equal("工程部", texts.GetProperty("zh-CN").GetProperty("department.engineering").GetString());
        var roster = vocabulary.GetProperty("imports").GetProperty("roster");
        Assert.Equal(["community", "name", "phone", "department", "role", "onCall", "shifts"], roster.EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.True(roster[0].GetProperty("required").GetBoolean());
        Assert.Equal("班次", texts.GetProperty("zh-CN").GetProperty("column.shifts").GetString());
    }

    [Theory]
    [InlineData("/api/staff/reports?community=sunshine-garden")]
    public async Task Supervisor_endpoints_refuse_anonymous_callers_and_plain_staff(string url)
    {
        using var anonymous = await _desk.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var staff = await StaffClients.SignInAsync(_desk, "李师傅", StaffRoles.Staff);
        using var refused = await staff.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        using var supervisor = await StaffClients.SignInAsync(_desk, "王主管", StaffRoles.Supervisor);
        using var allowed = await supervisor.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public void Roles_are_enforced_and_the_header_is_ignored_unless_platform_auth_is_on()
    {
        var trusted = new StaffAuth(Settings(("WEBSITE_AUTH_ENABLED", "True")));
        var staffOnly = Request(DevSignIn.Principal("li", ["staff"]));
        Assert.Null(trusted.Require(staffOnly, StaffRoles.Staff).Refusal);
        Assert.Equal(403, trusted.Require(staffOnly, StaffRoles.Supervisor).Refusal!.Status);
        Assert.Null(trusted.Require(Request(DevSignIn.Principal("zhao", ["admin"])), StaffRoles.Supervisor).Refusal);
        Assert.Equal(401, trusted.Require(Request("not base64!"), StaffRoles.Staff).Refusal!.Status);
        Assert.Equal(401, trusted.Require(Request(Convert.ToBase64String(Encoding.UTF8.GetBytes("{}"))), StaffRoles.Staff).Refusal!.Status);

        var untrusted = new StaffAuth(Settings());
        Assert.Equal(401, untrusted.Require(staffOnly, StaffRoles.Staff).Refusal!.Status);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static HttpRequest Request(string principal)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[StaffAuth.PrincipalHeader] = principal;
        return context.Request;
    }
}
