using System.Collections.Concurrent;
using System.Reflection;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Api.Http;

/// <summary>The staff role an HTTP Function needs; without it a Function is public (owners, webhooks with their own secret).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StaffRoleAttribute(string role) : Attribute
{
    public string Role { get; } = role;
}

/// <summary>
/// What every HTTP Function needs, done once, around every HTTP Function, by both hosts (the worker middleware
/// <see cref="HttpPipelineMiddleware"/> in Azure, the local host's invoker locally): a correlation id on the answer and in
/// the log scope; the staff principal checked against the Function's <see cref="StaffRoleAttribute"/> (401/403 before the
/// Function runs); and a failed dependency or a lost concurrency race answered 503 with Retry-After, never 500.
/// </summary>
public sealed class HttpPipeline(StaffAuth auth, ILogger<HttpPipeline> logger)
{
    public const string CorrelationHeader = "X-Correlation-Id";
    private static readonly ConcurrentDictionary<MethodInfo, string?> Roles = new();

    public async Task<IActionResult?> RunAsync(HttpContext http, MethodInfo function, Func<Task<IActionResult?>> next)
    {
        var correlation = CorrelationId(http.Request);
        http.Response.Headers[CorrelationHeader] = correlation;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = correlation, ["Function"] = function.Name });
        if (Roles.GetOrAdd(function, f => f.GetCustomAttribute<StaffRoleAttribute>()?.Role) is { } role)
        {
            var (principal, refusal) = auth.Require(http.Request, role);
            if (refusal is not null)
            {
                return refusal;
            }
            http.Items[typeof(StaffPrincipal)] = principal;
        }
        try
        {
            return await next();
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or TimeoutException or AggregateException)
        {
            // The route template, not the path: a path may carry a task-link code or a ticket id with its token.
            logger.LogError(ex, "A dependency failed while handling {Method} {Function}", http.Request.Method, function.Name);
            return Unavailable(http.Request, "5");
        }
        catch (ContentionException ex)
        {
            logger.LogWarning("{Message}", ex.Message);
            return Unavailable(http.Request, "1");
        }
    }

    private static ApiResult Unavailable(HttpRequest request, string retryAfter) =>
        Problem.Of(StatusCodes.Status503ServiceUnavailable, "unavailable", RequestReader.LanguageOf(request)).WithHeader("Retry-After", retryAfter);

    /// <summary>The caller's id when it is a plain token (a console may send one), else a new one.</summary>
    private static string CorrelationId(HttpRequest request)
    {
        var given = request.Headers[CorrelationHeader].ToString();
        return given.Length is > 0 and <= 64 && given.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? given
            : Guid.NewGuid().ToString("N");
    }
}

public static class StaffPrincipalExtensions
{
    /// <summary>The staff member the pipeline let through to a Function with a <see cref="StaffRoleAttribute"/>.</summary>
    public static StaffPrincipal Staff(this HttpRequest request) =>
        request.HttpContext.Items[typeof(StaffPrincipal)] as StaffPrincipal
        ?? throw new InvalidOperationException("This Function has no [StaffRole]; it has no staff principal.");
}

/// <summary>The community half of staff authorisation: the pipeline let the caller in with the role somewhere; this checks it here.</summary>
public static class StaffScope
{
    /// <summary>403 unless the signed-in staff member holds <paramref name="role"/> company-wide or for <paramref name="community"/>.</summary>
    public static ApiResult? Refuse(HttpRequest request, string community, string role = StaffRoles.Staff) =>
        request.Staff().Access.Has(role, community)
            ? null
            : Problem.Of(StatusCodes.Status403Forbidden, "forbidden", RequestReader.LanguageOf(request));

    /// <summary>403 unless <paramref name="role"/> is held company-wide (never a community-scoped <c>admin:…</c>).</summary>
    public static ApiResult? RefuseUnlessCompanyWide(HttpRequest request, string role = StaffRoles.Admin) =>
        request.Staff().Access.HasCompanyWide(role)
            ? null
            : Problem.Of(StatusCodes.Status403Forbidden, "forbidden", RequestReader.LanguageOf(request));
}
