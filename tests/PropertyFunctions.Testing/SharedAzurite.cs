using PropertyFunctions.LocalHost;

namespace PropertyFunctions.Testing;

/// <summary>
/// One Azurite per test process, on free ports (so it never meets a developer's own Azurite or another test assembly's),
/// with its data in a scratch directory deleted at exit (in shared memory where the machine has it). Not in-memory
/// persistence: there every queue message is an extent of its own, and Azurite's queue GC, once a minute, removes each
/// spent one with a rebuild of all its indexes, which stalls the emulator for tens of seconds after a few thousand
/// messages (the azurite-queues benchmark shows it). Each test host then uses its own table and queue prefix.
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
        var scratch = ScratchDirectory();
        _azurite = await Azurite.StartAsync(RepositoryPaths.Root(), scratch,
            Azurite.FreePort(), Azurite.FreePort(), Azurite.FreePort(), Console.Error.WriteLine);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            _azurite.DisposeAsync().AsTask().GetAwaiter().GetResult();
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
                // Left for the system's temp cleaning.
            }
        };
        return _azurite.ConnectionString;
    }

    /// <summary>A fresh directory for an Azurite's data, in /dev/shm when the machine has it (no disk I/O), else the temp directory.</summary>
    public static string ScratchDirectory()
    {
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        return Path.Combine(root, "pf-azurite-" + Guid.NewGuid().ToString("N")[..12]);
    }
}
