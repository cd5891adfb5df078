using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PropertyFunctions.Hooks;

/// <summary>
/// The owner pages go to the Static Web App as web/ is (azd's "web" service), while the API, and with it the staff
/// console, is on the Function app's origin and photos are on the storage account's blob origin. For the upload only,
/// predeploy adjusts web/:
/// <list type="bullet">
/// <item>config.json gains <c>apiBaseUrl</c>, the API's origin (without it the pages call their own origin, as on the local host);</item>
/// <item>each owner page's Content-Security-Policy may connect to the API origin, and the local storage emulator
/// (<c>http://127.0.0.1:*</c>) becomes the blob origin that browsers upload photos to and show them from;</item>
/// <item>staticwebapp.config.json sends /staff/ to the console, and /home.html to the owner's home, on the API's origin.</item>
/// </list>
/// postdeploy puts web/ back. The originals are kept outside web/ (<c>.azure/&lt;env&gt;/predeploy</c>), so only the
/// adjusted files are published, and a deploy that stopped half-way is simply run again: predeploy first restores
/// what an earlier run left.
/// </summary>
public static partial class OwnerPages
{
    /// <summary>Where the Function app serves the console (PropertyFunctions.Api StaffConsole: BasePath + Start).</summary>
    public const string ConsolePath = "/api/console/staff/";

    /// <summary>
    /// Where the Function app serves the owner's home: its session cookie is SameSite=Strict and HttpOnly, so the page that
    /// signs in must share the API's origin, as the console does.
    /// </summary>
    public const string HomePath = "/api/console/home.html";

    private const string Created = "created.txt";

    public static int Predeploy(Azd azd)
    {
        // Both are outputs of infra/main.bicep; an origin is checked before anything changes, so it cannot break
        // the HTML attribute or JSON it goes into.
        var api = Origin("API_BASE_URL");
        var photos = Origin("PHOTOS_ORIGIN");
        var web = Path.Combine(azd.Root, "web");
        var backup = BackupFolder(azd);
        Restore(web, backup);

        var pages = Directory.GetFiles(web, "*.html").Select(p => Path.GetFileName(p)).ToList();
        var siteConfig = "staticwebapp.config.json";
        var siteConfigExists = File.Exists(Path.Combine(web, siteConfig));
        // The backup is complete before web/ changes: written aside, then moved into place in one step.
        var staging = backup + ".partial";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
        Directory.CreateDirectory(staging);
        foreach (var file in pages.Append("config.json").Concat(siteConfigExists ? [siteConfig] : []))
        {
            File.Copy(Path.Combine(web, file), Path.Combine(staging, file));
        }
        File.WriteAllText(Path.Combine(staging, Created), siteConfigExists ? "" : siteConfig);
        Directory.Move(staging, backup);

        foreach (var page in pages)
        {
            var path = Path.Combine(web, page);
            File.WriteAllText(path, File.ReadAllText(path)
                .Replace("connect-src 'self'", $"connect-src 'self' {api}", StringComparison.Ordinal)
                .Replace("http://127.0.0.1:*", photos, StringComparison.Ordinal));
        }
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(web, "config.json")))!.AsObject();
        config["apiBaseUrl"] = api + "/";
        // The owner's home is on the API's origin (HomePath): the pages' menu links there; its own links back are redirected.
        config["homeBase"] = api + HomePath[..(HomePath.LastIndexOf('/') + 1)];
        File.WriteAllText(Path.Combine(web, "config.json"), config.ToJsonString());

        var site = siteConfigExists ? JsonNode.Parse(File.ReadAllText(Path.Combine(web, siteConfig)))!.AsObject() : [];
        var routes = site["routes"] as JsonArray ?? [];
        site.Remove("routes");
        JsonArray consoleRoutes = [StaffRedirect("/staff", api), StaffRedirect("/staff/*", api), Redirect("/home.html", api + HomePath)];
        foreach (var route in routes)
        {
            consoleRoutes.Add(route!.DeepClone());
        }
        site["routes"] = consoleRoutes;
        File.WriteAllText(Path.Combine(web, siteConfig), site.ToJsonString());

        Console.WriteLine($"predeploy: owner pages call {api}, show photos from {photos}; /staff/ leads to {api}{ConsolePath}");
        return 0;
    }

    public static int Postdeploy(Azd azd)
    {
        Restore(Path.Combine(azd.Root, "web"), BackupFolder(azd));
        return 0;
    }

    private static JsonObject StaffRedirect(string route, string api) => Redirect(route, api + ConsolePath);

    private static JsonObject Redirect(string route, string to) => new() { ["route"] = route, ["redirect"] = to, ["statusCode"] = 302 };

    private static string BackupFolder(Azd azd) =>
        Path.Combine(azd.Root, ".azure", Azd.Require("AZURE_ENV_NAME", "azd sets it for every hook."), "predeploy");

    /// <summary>Puts back what a predeploy changed and removes what it created; nothing to do when no backup is there.</summary>
    private static void Restore(string web, string backup)
    {
        if (!Directory.Exists(backup))
        {
            return;
        }
        foreach (var created in File.ReadAllLines(Path.Combine(backup, Created)).Where(l => l.Length > 0))
        {
            File.Delete(Path.Combine(web, created));
        }
        foreach (var file in Directory.GetFiles(backup).Where(f => Path.GetFileName(f) != Created))
        {
            File.Copy(file, Path.Combine(web, Path.GetFileName(file)), overwrite: true);
        }
        Directory.Delete(backup, recursive: true);
    }

    /// <summary>https://host[:port], nothing else: no path, no trailing slash, nothing that could end an attribute.</summary>
    private static string Origin(string name)
    {
        var value = Azd.Require(name, "Run `azd provision` first: it is an output of infra/main.bicep.");
        return HttpsOrigin().IsMatch(value)
            ? value
            : throw new HookException($"{name} must be an https origin (https://host, no path, no trailing slash), not '{value}'.");
    }

    [GeneratedRegex("^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?$")]
    private static partial Regex HttpsOrigin();
}
