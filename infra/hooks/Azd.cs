using System.Diagnostics;
using System.Text.Json;

namespace PropertyFunctions.Hooks;

/// <summary>A hook cannot go on; the message says why and what to do.</summary>
public sealed class HookException(string message) : Exception(message);

/// <summary>
/// The azd environment as a hook sees it: its values arrive as environment variables, and <c>azd env set</c> stores
/// new ones (azd reads them again before its next step, so they reach infra/main.parameters.json).
/// </summary>
public sealed class Azd(string root)
{
    /// <summary>The repository root (where azure.yaml is).</summary>
    public string Root { get; } = root;

    public static string? Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    public static string Require(string name, string hint) =>
        Get(name) ?? throw new HookException($"{name} is not set in the azd environment. {hint}");

    /// <summary>Stores <paramref name="value"/> in this azd environment unless it is already the value there.</summary>
    public void Set(string name, string value)
    {
        if ((Get(name) ?? "") == value)
        {
            return;
        }
        // -e: the environment this hook runs for, which is not always the default one (azd up -e other).
        Run(["env", "set", name, value, .. Get("AZURE_ENV_NAME") is { } environment ? new[] { "-e", environment } : []]);
    }

    /// <summary>An access token for <paramref name="scope"/> from azd's own sign-in (no Azure CLI needed).</summary>
    public string Token(string scope)
    {
        var output = Run(["auth", "token", "--output", "json", "--scope", scope]);
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("token").GetString()
            ?? throw new HookException("azd auth token returned no token; run `azd auth login`.");
    }

    private string Run(string[] arguments)
    {
        var start = new ProcessStartInfo("azd")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new HookException("could not start azd");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            // Only the command's first words: a value being set may be a secret.
            throw new HookException($"`azd {arguments[0]} {arguments[1]}` failed: {stderr.Trim()}");
        }
        return stdout.Result;
    }
}

public static class Repository
{
    /// <summary>The folder holding azure.yaml, found from the working directory (azd runs hooks from there).</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "azure.yaml")))
            {
                return dir.FullName;
            }
        }
        throw new HookException("run the hooks from the repository (the folder with azure.yaml).");
    }
}
