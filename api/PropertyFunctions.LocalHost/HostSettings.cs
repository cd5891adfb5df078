using System.Text.Json;

namespace PropertyFunctions.LocalHost;

/// <summary>The parts of host.json the local host honours (the same file the Functions host reads).</summary>
public sealed record HostSettings(string RoutePrefix, QueueSettings Queues)
{
    public static HostSettings Read(string path)
    {
        var defaults = new HostSettings("api", new QueueSettings());
        if (!File.Exists(path))
        {
            return defaults;
        }
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!doc.RootElement.TryGetProperty("extensions", out var extensions))
        {
            return defaults;
        }
        var prefix = extensions.TryGetProperty("http", out var http) && http.TryGetProperty("routePrefix", out var p) ? p.GetString() ?? "api" : "api";
        var queues = new QueueSettings();
        if (extensions.TryGetProperty("queues", out var q))
        {
            queues = new QueueSettings
            {
                BatchSize = Int(q, "batchSize", queues.BatchSize),
                MaxDequeueCount = Int(q, "maxDequeueCount", queues.MaxDequeueCount),
                VisibilityTimeout = Span(q, "visibilityTimeout", queues.VisibilityTimeout),
                MaxPollingInterval = Span(q, "maxPollingInterval", queues.MaxPollingInterval),
                MessageEncoding = q.TryGetProperty("messageEncoding", out var e) ? e.GetString() ?? "base64" : "base64",
            };
        }
        return new HostSettings(prefix, queues);
    }

    private static int Int(JsonElement e, string name, int fallback) => e.TryGetProperty(name, out var v) ? v.GetInt32() : fallback;

    private static TimeSpan Span(JsonElement e, string name, TimeSpan fallback) =>
        e.TryGetProperty(name, out var v) && TimeSpan.TryParse(v.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : fallback;
}

/// <summary>Queue trigger settings with the Functions host's defaults.</summary>
public sealed record QueueSettings
{
    public int BatchSize { get; init; } = 16;
    public int MaxDequeueCount { get; init; } = 5;
    /// <summary>How long a failed message stays invisible before its retry.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);
    public string MessageEncoding { get; init; } = "base64";
}
