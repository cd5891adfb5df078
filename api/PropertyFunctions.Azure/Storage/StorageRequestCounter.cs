using Azure.Core;
using Azure.Core.Pipeline;

namespace PropertyFunctions.Azure.Storage;

/// <summary>Counts storage requests (each is a billable transaction), by operation, for benchmarks and cost figures.</summary>
public sealed class StorageRequestCounter : HttpPipelinePolicy
{
    private long _total;
    private long _idlePolls;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _byKind = new();

    public long Total => Interlocked.Read(ref _total);

    /// <summary>Queue receives that found no message: the host's polling cost, which depends on its interval, not on the work.</summary>
    public long IdlePolls => Interlocked.Read(ref _idlePolls);

    public IReadOnlyDictionary<string, long> ByKind => _byKind;

    public void Reset()
    {
        Interlocked.Exchange(ref _total, 0);
        Interlocked.Exchange(ref _idlePolls, 0);
        _byKind.Clear();
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        ProcessNext(message, pipeline);
        CountIdle(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        await ProcessNextAsync(message, pipeline);
        CountIdle(message);
    }

    private void CountIdle(HttpMessage message)
    {
        if (message.Request.Method == RequestMethod.Get && message.Request.Uri.Path.EndsWith("/messages", StringComparison.Ordinal)
            && message.HasResponse && !message.Response.Content.ToString().Contains("<QueueMessage>", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _idlePolls);
        }
    }

    private void Count(HttpMessage message)
    {
        Interlocked.Increment(ref _total);
        _byKind.AddOrUpdate(KindOf(message.Request), 1, (_, n) => n + 1);
    }

    /// <summary>"service METHOD resource", e.g. "table POST $batch" or "queue GET {prefix}-ticket-route".</summary>
    public static string KindOf(Request request)
    {
        var uri = request.Uri.ToUri();
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Length;
        var service = uri.Port is 10001 || uri.Host.Contains(".queue.", StringComparison.Ordinal) || uri.AbsolutePath.Contains("/messages", StringComparison.Ordinal)
            ? "queue"
            // Blobs sit under a container (account/container/blob, path-style on the emulator); containers are addressed with restype=container.
            : uri.Host.Contains(".blob.", StringComparison.Ordinal) || uri.Query.Contains("restype=container", StringComparison.Ordinal) || segments >= 3
                ? "blob"
                : "table";
        var resource = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault() ?? "";
        var name = resource.Split('(')[0];
        return $"{service} {request.Method} {name}";
    }
}
