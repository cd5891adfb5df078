using Microsoft.AspNetCore.StaticFiles;

namespace PropertyFunctions.Api.Http;

/// <summary>
/// The staff console's files, served by the Function app itself under <see cref="BasePath"/> so the console shares the
/// API's origin: the platform's sign-in cookie is first-party and no CORS is involved. The owner's home (home.html) is served
/// here too for the same reason: its session cookie is SameSite=Strict, so the page that signs in must be on the API's origin. Only the parts of web/ the
/// console loads are served (<see cref="Served"/>), laid out as in web/ so its relative imports (<c>../js/…</c>) resolve.
/// In Azure they come from the app's own output (<see cref="OutputFolder"/>, packed by the Api project); the local host
/// serves them straight from the repository's web/, with the same filter.
/// </summary>
public sealed class StaffConsole
{
    /// <summary>Where the Function <c>StaffConsole</c> answers: <c>host.json</c>'s route prefix, then its route.</summary>
    public const string BasePath = "/api/console/";

    /// <summary>The console's own page, relative to <see cref="BasePath"/>.</summary>
    public const string Start = "staff/";

    /// <summary>The folder of the Function app's output that holds the console's files.</summary>
    public const string OutputFolder = "console";

    /// <summary>What the console loads from web/: folders (ending in '/') and single files. PropertyFunctions.Api.csproj packs the same.</summary>
    public static readonly IReadOnlyList<string> Served = ["staff/", "js/", "css/", "i18n/", "config.json", "home.html", "home/"];

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public StaffConsole(string root, Uri blobService)
    {
        Root = Path.GetFullPath(root);
        // Photos are shown from blob storage with read-only SAS URLs; nothing else leaves the origin.
        ContentSecurityPolicy =
            $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: {blobService.GetLeftPart(UriPartial.Authority)}; " +
            "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    public string Root { get; }

    public string ContentSecurityPolicy { get; }

    /// <summary>
    /// The file or folder at <paramref name="relative"/> (a path under <see cref="BasePath"/>, e.g. <c>staff/</c> or
    /// <c>js/common.js</c>), or null when it does not exist or is not one the console may load.
    /// </summary>
    public FileSystemInfo? Find(string relative)
    {
        var trimmed = relative.TrimEnd('/');
        var segments = trimmed.Split('/');
        if (trimmed.Length == 0 || segments.Any(s => s is "" or "." or ".." || s.Contains('\\', StringComparison.Ordinal) || s.Contains(':', StringComparison.Ordinal))
            || !Served.Any(s => s.EndsWith('/') ? (trimmed + "/").StartsWith(s, StringComparison.Ordinal) : trimmed == s))
        {
            return null;
        }
        var full = Path.GetFullPath(Path.Combine(Root, Path.Combine(segments)));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return null;
        }
        return Directory.Exists(full) ? new DirectoryInfo(full) : File.Exists(full) ? new FileInfo(full) : null;
    }

    public static string ContentTypeOf(string fileName)
    {
        var type = ContentTypes.TryGetContentType(fileName, out var known) ? known : "application/octet-stream";
        return type.StartsWith("text/", StringComparison.Ordinal) || type == "application/json" ? type + "; charset=utf-8" : type;
    }
}
