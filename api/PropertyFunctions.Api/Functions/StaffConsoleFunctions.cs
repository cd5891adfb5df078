using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PropertyFunctions.Api.Http;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Api.Functions;

/// <summary>
/// The staff console on the API's own origin (<c>/api/console/staff/</c>), see <see cref="StaffConsole"/>. The files are
/// public (they hold no data); every call they make to <c>/api/staff/*</c> still needs a signed-in principal.
/// </summary>
public sealed class StaffConsoleFunctions(StaffConsole console, DeskOptions options)
{
    /// <summary>
    /// Owner pages the home (served here, on the API's origin) links to by relative paths: they live on the owner pages'
    /// origin, so they are redirected there with their query.
    /// </summary>
    private static readonly HashSet<string> OwnerPages = new(StringComparer.Ordinal) { "index.html", "notices.html", "faq.html" };

    [Function("StaffConsole")]
    public IActionResult Serve([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/{*path}")] HttpRequest req, string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return Redirect(StaffConsole.BasePath + StaffConsole.Start);
        }
        if (OwnerPages.Contains(path))
        {
            return Redirect(options.PublicBaseUrl.TrimEnd('/') + "/" + path + req.QueryString);
        }
        switch (console.Find(path))
        {
            case DirectoryInfo when !path.EndsWith('/'):
                // Relative URLs in the page resolve against the folder only with the trailing slash.
                return Redirect(req.PathBase + req.Path + "/" + req.QueryString);
            case DirectoryInfo folder when File.Exists(Path.Combine(folder.FullName, "index.html")):
                return new ConsoleFileResult(new FileInfo(Path.Combine(folder.FullName, "index.html")), console.ContentSecurityPolicy);
            case FileInfo file:
                return new ConsoleFileResult(file, console.ContentSecurityPolicy);
            default:
                return Problem.Of(StatusCodes.Status404NotFound, "not_found", RequestReader.LanguageOf(req));
        }
    }

    private static ApiResult Redirect(string location) => new ApiResult(StatusCodes.Status302Found, null).WithHeader("Location", location);

    /// <summary>A console file, written the same way under both hosts; revalidated on every load so a deployment shows at once.</summary>
    private sealed class ConsoleFileResult(FileInfo file, string contentSecurityPolicy) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = StaffConsole.ContentTypeOf(file.Name);
            response.ContentLength = file.Length;
            response.Headers.CacheControl = "no-cache";
            response.Headers.ContentSecurityPolicy = contentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "same-origin";
            await response.SendFileAsync(file.FullName, context.HttpContext.RequestAborted);
        }
    }
}
