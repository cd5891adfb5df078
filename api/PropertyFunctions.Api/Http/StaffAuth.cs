using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Api.Http;

/// <summary>A signed-in staff member and the roles the platform vouches for (company-wide, or per community: <see cref="StaffAccess"/>).</summary>
public sealed record StaffPrincipal(string Id, string Name, IReadOnlySet<string> Roles)
{
    public StaffAccess Access { get; } = new(Roles);
}

/// <summary>
/// The staff authentication seam. In Azure, App Service authentication (Entra ID) signs staff in and
/// passes the principal in <c>X-MS-CLIENT-PRINCIPAL</c>; the front end strips that header from
/// client requests, so it can be trusted only when platform authentication is on
/// (<c>WEBSITE_AUTH_ENABLED=True</c>, set by the platform). The local host strips client copies
/// itself and sets <c>Auth:TrustPrincipalHeader</c>. Anywhere else the header is ignored and every
/// staff call is anonymous, i.e. refused.
/// </summary>
public sealed class StaffAuth(IConfiguration configuration)
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    private readonly bool _trusted =
        string.Equals(configuration["WEBSITE_AUTH_ENABLED"], "true", StringComparison.OrdinalIgnoreCase)
        || string.Equals(configuration["Auth:TrustPrincipalHeader"], "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The caller if signed in with <paramref name="role"/>; otherwise the 401/403 problem to answer.</summary>
    public (StaffPrincipal? Principal, ApiResult? Refusal) Require(HttpRequest request, string role)
    {
        var language = RequestReader.LanguageOf(request);
        var principal = _trusted ? Parse(request.Headers[PrincipalHeader].ToString()) : null;
        if (principal is null)
        {
            return (null, Problem.Of(StatusCodes.Status401Unauthorized, "unauthorized", language)
                .WithHeader("WWW-Authenticate", "Bearer realm=\"staff\""));
        }
        return principal.Access.HasAnywhere(role)
            ? (principal, null)
            : (null, Problem.Of(StatusCodes.Status403Forbidden, "forbidden", language));
    }

    /// <summary>Decodes the platform's principal: base64 JSON with <c>claims[{typ,val}]</c>, <c>name_typ</c> and <c>role_typ</c>.</summary>
    public static StaffPrincipal? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > 16 * 1024)
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header)));
            var root = doc.RootElement;
            var nameType = root.TryGetProperty("name_typ", out var n) ? n.GetString() : null;
            var roleType = root.TryGetProperty("role_typ", out var r) ? r.GetString() : null;
            string? id = null, name = null;
            var roles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var claim in root.GetProperty("claims").EnumerateArray())
            {
                var type = claim.GetProperty("typ").GetString();
                var value = claim.GetProperty("val").GetString();
                if (string.IsNullOrEmpty(type) || string.IsNullOrEmpty(value))
                {
                    continue;
                }
                if (type == roleType || type is "roles" or "http://schemas.microsoft.com/ws/2008/06/identity/claims/role")
                {
                    roles.Add(value);
                }
                else if (type == nameType || type is "name" or "preferred_username")
                {
                    name ??= value;
                }
                if (type is "http://schemas.microsoft.com/identity/claims/objectidentifier" or "oid")
                {
                    id = value;
                }
            }
            name ??= id;
            return name is null ? null : new StaffPrincipal(id ?? name, name, roles);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
