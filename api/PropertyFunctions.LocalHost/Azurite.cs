using System.Diagnostics;
using System.Net.Sockets;

namespace PropertyFunctions.LocalHost;

/// <summary>
/// Starts Azurite (npm package <c>azurite</c>, installed into the repository's node_modules on first use)
/// and stops it on dispose. The local host uses it as the embedded default storage; tests start their
/// own on free ports with in-memory persistence.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account (published by Microsoft; not a secret).</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process? _process;

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    private Azurite(Process? process, int blob, int queue, int table) => (_process, BlobPort, QueuePort, TablePort) = (process, blob, queue, table);

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>True when something already listens on all three ports (e.g. an Azurite started by hand or by CI).</summary>
    public static bool IsRunning(int blob, int queue, int table) => Listening(blob) && Listening(queue) && Listening(table);

    /// <summary>Uses the Azurite already on these ports, or starts one. <paramref name="dataDirectory"/> null means in-memory.</summary>
    public static async Task<Azurite> StartAsync(string repositoryRoot, string? dataDirectory, int blob, int queue, int table,
        Action<string> log, CancellationToken ct = default)
    {
        if (IsRunning(blob, queue, table))
        {
            log($"Using the Azurite already listening on 127.0.0.1:{blob}/{queue}/{table}.");
            return new Azurite(null, blob, queue, table);
        }
        var executable = await EnsureInstalledAsync(repositoryRoot, log, ct);
        var arguments = new List<string>
        {
            "--silent", "--skipApiVersionCheck", "--disableProductStyleUrl",
            "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(),
            "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(),
            "--tableHost", "127.0.0.1", "--tablePort", table.ToString(),
        };
        if (dataDirectory is null)
        {
            arguments.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(dataDirectory);
            arguments.AddRange(["--location", dataDirectory]);
        }
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        arguments.ForEach(start.ArgumentList.Add);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) log("azurite: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new Azurite(process, blob, queue, table);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!IsRunning(blob, queue, table))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await azurite.DisposeAsync();
                throw new InvalidOperationException($"Azurite did not come up on ports {blob}/{queue}/{table}.");
            }
            await Task.Delay(100, ct);
        }
        log($"Azurite listening on 127.0.0.1:{blob}/{queue}/{table} ({(dataDirectory is null ? "in memory" : dataDirectory)}).");
        return azurite;
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Stops Azurite as Ctrl+C does (SIGINT), so it closes its connections and saves its data first; an
    /// Azurite with a data directory then starts again where it left off. Tests use it to restart storage mid-load.
    /// </summary>
    public async Task StopGracefullyAsync()
    {
        if (_process is not { HasExited: false })
        {
            return;
        }
        using (var interrupt = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
    }

    /// <summary>
    /// The azurite script in the repository's node_modules. The npm tools (Azurite, axe-core) are installed from
    /// package-lock.json when node_modules is missing or was installed from another lock file: the lock file's hash is kept
    /// next to the install, so a checkout that only touches the file's time installs nothing. Test processes run side by
    /// side, so the install is done by one of them at a time (a lock file), and the others then find it done.
    /// </summary>
    private static async Task<string> EnsureInstalledAsync(string root, Action<string> log, CancellationToken ct)
    {
        var executable = Path.Combine(root, "node_modules", ".bin", "azurite");
        var stamp = Path.Combine(root, "node_modules", ".propertyfunctions-lock-hash");
        var lockFile = Path.Combine(root, "package-lock.json");
        var wanted = File.Exists(lockFile) ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(lockFile, ct))) : "";
        bool Installed() => File.Exists(executable) && File.Exists(stamp) && File.ReadAllText(stamp) == wanted;
        if (Installed())
        {
            return executable;
        }
        await using var exclusive = await InstallLockAsync(Path.Combine(root, ".npm-install.lock"), ct);
        if (Installed())
        {
            return executable;
        }
        log("Installing the npm tools (Azurite, axe-core) from package-lock.json...");
        var npm = new ProcessStartInfo("npm") { WorkingDirectory = root, UseShellExecute = false };
        foreach (var argument in new[] { File.Exists(lockFile) ? "ci" : "install", "--no-audit", "--no-fund" })
        {
            npm.ArgumentList.Add(argument);
        }
        using var process = Process.Start(npm) ?? throw new InvalidOperationException("npm is not installed (Node.js 20 is a prerequisite).");
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0 || !File.Exists(executable))
        {
            throw new InvalidOperationException($"npm could not install Azurite (exit code {process.ExitCode}).");
        }
        await File.WriteAllTextAsync(stamp, wanted, ct);
        return executable;
    }

    /// <summary>Holds an exclusive lock on <paramref name="path"/>, waiting (up to 10 minutes) while another process installs.</summary>
    private static async Task<FileStream> InstallLockAsync(string path, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            }
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
