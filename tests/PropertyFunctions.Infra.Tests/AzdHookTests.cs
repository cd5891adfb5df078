using System.Text.Json.Nodes;

namespace PropertyFunctions.Infra.Tests;

/// <summary>
/// The predeploy and postdeploy hooks run with <c>sh</c> on a copy of web/ (the committed pages and
/// config.json, plus one page with the loopback sources the owner pages use for the storage
/// emulator), with the values azd would pass from the provisioned environment.
/// </summary>
public sealed class AzdHookTests : IDisposable
{
    private const string ApiBaseUrl = "https://func-test.azurewebsites.net";
    private const string PhotosOrigin = "https://sttest.blob.core.windows.net";
    private const string SamplePage = "web/photo-sample.html";
    private const string SampleCsp =
        "default-src 'self'; img-src 'self' blob: http://127.0.0.1:*; connect-src 'self' http://127.0.0.1:*";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "pf-hooks-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string> _originals = [];

    public AzdHookTests()
    {
        var web = Path.Combine(Bicep.RepositoryRoot, "web");
        var files = Directory.GetFiles(web, "*.html")
            .Concat(Directory.GetFiles(Path.Combine(web, "staff"), "*.html"))
            .Append(Path.Combine(web, "config.json"));
        foreach (var file in files)
        {
            Keep(Path.GetRelativePath(Bicep.RepositoryRoot, file).Replace('\\', '/'), File.ReadAllText(file));
        }
        Keep(SamplePage, $"<!doctype html><meta http-equiv=\"Content-Security-Policy\" content=\"{SampleCsp}\"><img src=\"x.jpg\">\n");
    }

    [Fact]
    public void Predeploy_points_the_pages_at_the_API_and_the_blob_origin_and_postdeploy_puts_them_back()
    {
        // Twice: a deploy that failed before postdeploy is simply run again.
        Assert.Equal(0, Hook("predeploy.sh", Deployed()).ExitCode);
        var deploy = Hook("predeploy.sh", Deployed());

        Assert.True(deploy.ExitCode == 0, deploy.Output);
        Assert.Contains(
            $"img-src 'self' blob: {PhotosOrigin}; connect-src 'self' {ApiBaseUrl} {PhotosOrigin}\"",
            Read(SamplePage), StringComparison.Ordinal);
        Assert.All(_originals.Keys.Where(p => p.EndsWith(".html", StringComparison.Ordinal)), page =>
        {
            var deployed = Read(page);
            Assert.DoesNotContain("127.0.0.1", deployed, StringComparison.Ordinal);
            Assert.Equal(_originals[page].Contains("http://127.0.0.1:*", StringComparison.Ordinal), deployed.Contains(PhotosOrigin, StringComparison.Ordinal));
            Assert.Equal(_originals[page].Contains("connect-src 'self'", StringComparison.Ordinal), deployed.Contains($"connect-src 'self' {ApiBaseUrl}", StringComparison.Ordinal));
        });
        Assert.Equal(ApiBaseUrl + "/", JsonNode.Parse(Read("web/config.json"))!["apiBaseUrl"]!.GetValue<string>());

        var restore = Hook("postdeploy.sh", new() { ["SMS_EVENTS_ENABLED"] = "true" });

        Assert.True(restore.ExitCode == 0, restore.Output);
        Assert.All(_originals, original => Assert.Equal(original.Value, Read(original.Key)));
        Assert.Empty(Directory.GetFiles(_root, "*.orig", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://sttest.blob.core.windows.net/")]
    [InlineData("http://127.0.0.1:10000")]
    [InlineData("https://sttest.blob.core.windows.net|x")]
    public void Predeploy_refuses_a_missing_or_malformed_PHOTOS_ORIGIN_and_changes_nothing(string? photosOrigin)
    {
        var environment = Deployed();
        environment["PHOTOS_ORIGIN"] = photosOrigin;

        var deploy = Hook("predeploy.sh", environment);

        Assert.NotEqual(0, deploy.ExitCode);
        Assert.Contains("PHOTOS_ORIGIN", deploy.StandardError, StringComparison.Ordinal);
        Assert.All(_originals, original => Assert.Equal(original.Value, Read(original.Key)));
        Assert.Empty(Directory.GetFiles(_root, "*.orig", SearchOption.AllDirectories));
    }

    private static Dictionary<string, string?> Deployed() => new()
    {
        ["API_BASE_URL"] = ApiBaseUrl,
        ["PHOTOS_ORIGIN"] = PhotosOrigin,
        ["AZURE_TENANT_ID"] = "00000000-0000-0000-0000-000000000000",
        ["STAFF_AUTH_CLIENT_ID"] = "",
    };

    private void Keep(string relativePath, string text)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        _originals[relativePath] = text;
    }

    private string Read(string relativePath) => File.ReadAllText(Path.Combine(_root, relativePath));

    /// <summary>Runs an azd hook the way azd does: <c>sh</c>, from the project root, with the environment's values and no others.</summary>
    private CommandResult Hook(string hook, Dictionary<string, string?> environment)
    {
        string[] azdValues = ["API_BASE_URL", "PHOTOS_ORIGIN", "AZURE_TENANT_ID", "STAFF_AUTH_CLIENT_ID", "SMS_EVENTS_ENABLED"];
        foreach (var name in azdValues)
        {
            environment.TryAdd(name, null);
        }
        return Command.Run("sh", [Bicep.InfraPath("hooks", hook)], _root, TimeSpan.FromMinutes(1), environment);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
