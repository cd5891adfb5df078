using System.Reflection;

namespace PropertyFunctions.Infra.Tests;

/// <summary>
/// Runs the real Bicep CLI that NuGet restored (package Azure.Bicep.CommandLine.linux-x64,
/// binary tools/bicep), so the tests need no Azure CLI and no network.
/// </summary>
public static class Bicep
{
    private static readonly Lazy<string> Binary = new(FindBinary);

    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    /// <summary>The built azd hooks program (infra/hooks), run with <c>dotnet</c>.</summary>
    public static string HooksPath { get; } = Path.GetFullPath(Metadata("HooksPath"));

    public static string InfraPath(params string[] parts) => Path.Combine([RepositoryRoot, "infra", .. parts]);

    /// <summary>Runs <c>bicep</c> with <paramref name="arguments"/> and returns its exit code and output.</summary>
    public static CommandResult Run(params string[] arguments) =>
        // The CLI's own telemetry is of no use in a test run.
        Command.Run(Binary.Value, arguments, RepositoryRoot, TimeSpan.FromMinutes(3), new Dictionary<string, string?> { ["BICEP_TELEMETRY_ENABLED"] = "false" });

    private static string FindBinary()
    {
        var path = Path.GetFullPath(Metadata("BicepPath"));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The Bicep CLI is not at {path}. It comes from the NuGet package Azure.Bicep.CommandLine.linux-x64 " +
                "(run `dotnet restore`); the package has a binary for linux-x64 only.", path);
        }
        // NuGet does not always keep the execute bit when it extracts a package.
        if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute);
        }
        return path;
    }

    internal static string Metadata(string key) =>
        typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} is missing");
}
