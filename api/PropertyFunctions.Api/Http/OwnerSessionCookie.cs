using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using PropertyFunctions.Core.Home;

namespace PropertyFunctions.Api.Http;

/// <summary>
/// The owner's session cookie: HttpOnly, SameSite=Strict, 30 days, path /api/owner (so the browser never even sends it to a
/// staff route), and Secure in Azure (or on any HTTPS request). Only the owner routes read it; staff routes authenticate by
/// the platform's principal alone, and the owner routes ignore that principal.
/// </summary>
public sealed class OwnerSessionCookie(OwnerSignIn signIn, IConfiguration configuration)
{
    public const string Name = "owner_session";
    public const string Path = "/api/owner";

    private readonly bool _inAzure = !string.IsNullOrEmpty(configuration["WEBSITE_INSTANCE_ID"]);

    /// <summary>The signed-in owner, or the 401 to answer.</summary>
    public async Task<(OwnerSession? Session, ApiResult? Refusal)> RequireAsync(HttpRequest request)
    {
        var session = await signIn.SessionAsync(request.Cookies[Name], request.HttpContext.RequestAborted);
        return session is null
            ? (null, Problem.Of(StatusCodes.Status401Unauthorized, "owner_unauthorized", RequestReader.LanguageOf(request)))
            : (session, null);
    }

    public string? Value(HttpRequest request) => request.Cookies[Name];

    /// <summary>The session's cookie, kept by the browser as long as the session lasts (<see cref="OwnerSignIn.SessionLifetime"/>).</summary>
    public ApiResult Set(ApiResult result, HttpRequest request, string value) =>
        result.WithHeader("Set-Cookie", Header(request, value, (int)OwnerSignIn.SessionLifetime.TotalSeconds));

    public ApiResult Clear(ApiResult result, HttpRequest request) => result.WithHeader("Set-Cookie", Header(request, "", 0));

    private string Header(HttpRequest request, string value, int maxAge) =>
        $"{Name}={value}; Path={Path}; Max-Age={Math.Max(0, maxAge)}; HttpOnly; SameSite=Strict" + (_inAzure || request.IsHttps ? "; Secure" : "");
}
