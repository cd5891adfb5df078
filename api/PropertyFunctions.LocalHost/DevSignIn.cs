using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.LocalHost;

/// <summary>
/// Emulates App Service authentication on one machine. Client copies of <c>X-MS-CLIENT-PRINCIPAL</c>
/// are always removed; a staff member signs in at <c>POST /.auth/login/dev</c> with the development key
/// (setting <c>LocalHost:DevSignInKey</c>, default <see cref="DefaultKey"/>) and chosen roles, and gets a
/// signed cookie that this middleware turns back into the header the API reads in Azure. The form is also at the
/// platform's own sign-in path, <c>/.auth/login/aad?post_login_redirect_uri=…</c>, which the staff console links to,
/// and returns to that page afterwards, as the platform does.
/// </summary>
public static class DevSignIn
{
    public const string DefaultKey = "local-dev-only";
    public const string CookieName = "pf-dev-principal";

    public static void MapDevSignIn(this WebApplication app, string key)
    {
        app.Use(async (context, next) =>
        {
            context.Request.Headers.Remove(StaffAuth.PrincipalHeader);
            if (context.Request.Cookies.TryGetValue(CookieName, out var cookie) && Verify(cookie, key) is { } principal)
            {
                context.Request.Headers[StaffAuth.PrincipalHeader] = principal;
            }
            await next();
        });

        app.MapGet("/.auth/login/dev", Form);
        app.MapGet("/.auth/login/aad", Form);
        app.MapPost("/.auth/login/dev", async (HttpContext context) =>
        {
            var (given, name, roles, redirect) = await ReadAsync(context.Request);
            if (given is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key))
                || string.IsNullOrWhiteSpace(name))
            {
                return Results.Problem(statusCode: 401, title: "Development sign-in refused", detail: "Wrong development key or missing name.");
            }
            // Roles as the identity provider gives them: company-wide (staff) or for one community (staff:sunshine-garden).
            var validRoles = roles.Where(r => r.Split(':') is [var role] && StaffRoles.All.Contains(role)
                || r.Split(':') is [var scoped, var community] && StaffRoles.All.Contains(scoped) && ErrorList.IsCommunitySlug(community))
                .DefaultIfEmpty(StaffRoles.Staff);
            context.Response.Cookies.Append(CookieName, Sign(Principal(name.Trim(), validRoles), key),
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
            return IsLocal(redirect) ? Results.Redirect(redirect!) : Results.NoContent();
        });
        app.MapGet("/.auth/logout", (HttpContext context) =>
        {
            context.Response.Cookies.Delete(CookieName);
            return Results.Redirect("/");
        });
    }

    /// <summary>The sign-in form; afterwards the browser goes back to <paramref name="redirect"/> (a path here), by default the console.</summary>
    private static IResult Form([Microsoft.AspNetCore.Mvc.FromQuery(Name = "post_login_redirect_uri")] string? redirect) =>
        Results.Content(FormHtml.Replace("{redirect}", HtmlEncoder.Default.Encode(IsLocal(redirect) ? redirect! : ConsolePath), StringComparison.Ordinal),
            "text/html; charset=utf-8");

    private const string ConsolePath = StaffConsole.BasePath + StaffConsole.Start;

    /// <summary>A path on this host, never another site (an open redirect).</summary>
    private static bool IsLocal(string? path) =>
        path is { Length: > 0 } && path[0] == '/' && !path.StartsWith("//", StringComparison.Ordinal) && !path.StartsWith("/\\", StringComparison.Ordinal);

    /// <summary>The principal in App Service's format: base64 JSON with typed claims.</summary>
    public static string Principal(string name, IEnumerable<string> roles)
    {
        var claims = new List<object> { new { typ = "name", val = name }, new { typ = "oid", val = "dev:" + name } };
        claims.AddRange(roles.Distinct().Select(r => new { typ = "roles", val = r }));
        var json = JsonSerializer.Serialize(new { auth_typ = "dev", name_typ = "name", role_typ = "roles", claims });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    private static async Task<(string? Key, string? Name, string[] Roles, string? Redirect)> ReadAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            return (form["key"], form["name"], form["roles"].SelectMany(r => (r ?? "").Split(',')).Select(r => r.Trim()).ToArray(),
                form["redirect"]);
        }
        var body = await JsonSerializer.DeserializeAsync<SignInBody>(request.Body, ApiResult.Json);
        return (body?.Key, body?.Name, body?.Roles ?? [], null);
    }

    private sealed record SignInBody(string? Key, string? Name, string[]? Roles);

    private static string Sign(string principal, string key) => principal + "." + Mac(principal, key);

    private static string? Verify(string cookie, string key)
    {
        var dot = cookie.LastIndexOf('.');
        if (dot <= 0)
        {
            return null;
        }
        var principal = cookie[..dot];
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(principal, key)), Encoding.ASCII.GetBytes(cookie[(dot + 1)..]))
            ? principal
            : null;
    }

    private static string Mac(string value, string key) =>
        Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes("dev-sign-in:" + key), Encoding.UTF8.GetBytes(value)));

    private const string FormHtml = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Development sign-in</title>
        <meta name="viewport" content="width=device-width,initial-scale=1"></head><body>
        <main><h1>Development sign-in (local host only)</h1>
        <p>In Azure, staff sign in with Microsoft Entra ID. Here, enter the development key (README: "Staff sign-in").</p>
        <form method="post" action="/.auth/login/dev">
        <p><label>Development key <input name="key" type="password" required></label></p>
        <p><label>Your name <input name="name" required></label></p>
        <p><label>Roles <input name="roles" value="staff,supervisor"></label></p>
        <input type="hidden" name="redirect" value="{redirect}">
        <p><button type="submit">Sign in</button></p></form></main></body></html>
        """;
}
