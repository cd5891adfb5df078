using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace PropertyFunctions.Benchmarks;

/// <summary>Counts every storage request the SDK clients send (each retry too) and the time spent waiting for them, by kind.</summary>
public sealed class RequestCounter : HttpPipelinePolicy
{
    private readonly long[] _counts = new long[4];
    private readonly long[] _ticks = new long[4];
    private static readonly string[] Kinds = ["table query pages/reads", "table batches", "other table writes", "queue"];

    public long Count(int kind) => Interlocked.Read(ref _counts[kind]);
    public long TableReads => Count(0);
    public long TableBatches => Count(1);
    public long TableOther => Count(2);
    public long Queue => Count(3);
    public long Total => _counts.Sum();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var kind = KindOf(message);
        var start = Stopwatch.GetTimestamp();
        try
        {
            await ProcessNextAsync(message, pipeline);
        }
        finally
        {
            Interlocked.Increment(ref _counts[kind]);
            Interlocked.Add(ref _ticks[kind], Stopwatch.GetTimestamp() - start);
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _counts[KindOf(message)]);
        ProcessNext(message, pipeline);
    }

    private static int KindOf(HttpMessage message)
    {
        var uri = message.Request.Uri.ToUri();
        // Queue calls address ".../{queue}/messages" or ask "?comp=metadata"; table calls address "Table()" paths and "$batch".
        if (uri.AbsolutePath.EndsWith("/messages", StringComparison.Ordinal) || uri.Query.Contains("comp=", StringComparison.Ordinal))
        {
            return 3;
        }
        if (uri.AbsolutePath.EndsWith("$batch", StringComparison.Ordinal))
        {
            return 1;
        }
        return message.Request.Method == RequestMethod.Get ? 0 : 2;
    }

    public void Reset()
    {
        Array.Clear(_counts);
        Array.Clear(_ticks);
    }

    public override string ToString() => $"{Total:N0}: " + string.Join(", ", Kinds.Select((k, i) =>
        $"{k} {Count(i):N0} ({Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks[i])).TotalSeconds:F1} s waiting)"));
}
