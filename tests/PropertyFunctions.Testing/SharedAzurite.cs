using PropertyFunctions.LocalHost;

namespace PropertyFunctions.Testing;

/// <summary>
/// One Azurite per test process, in memory, on free ports (so it never meets a developer's own
/// Azurite or another test assembly's). Each test host then uses its own table and queue prefix.
/// Set PF_TEST_STORAGE to a connection string to use an Azurite started elsewhere instead.
/// </summary>
public static class SharedAzurite
{
    private static readonly Lazy<Task<string>> ConnectionString = new(StartAsync);
    private static Azurite? _azurite;

    public static Task<string> GetConnectionStringAsync() => ConnectionString.Value;

    private static async Task<string> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("PF_TEST_STORAGE");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }
        _azurite = await Azurite.StartAsync(RepositoryPaths.Root(), dataDirectory: null,
            Azurite.FreePort(), Azurite.FreePort(), Azurite.FreePort(), Console.Error.WriteLine);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => _azurite.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return _azurite.ConnectionString;
    }
}
