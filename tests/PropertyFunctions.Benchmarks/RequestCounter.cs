using Azure.Core;
using Azure.Core.Pipeline;

namespace PropertyFunctions.Benchmarks;

/// <summary>Counts every storage request the SDK clients send (each retry too), by kind.</summary>
public sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private long _tableReads;
    private long _tableBatches;
    private long _tableOther;
    private long _queue;

    public long TableReads => Interlocked.Read(ref _tableReads);
    public long TableBatches => Interlocked.Read(ref _tableBatches);
    public long TableOther => Interlocked.Read(ref _tableOther);
    public long Queue => Interlocked.Read(ref _queue);
    public long Total => TableReads + TableBatches + TableOther + Queue;

    public override void OnSendingRequest(HttpMessage message)
    {
        var uri = message.Request.Uri.ToUri();
        // Queue calls address ".../{queue}/messages" or ask "?comp=metadata"; table calls address "Table()" paths and "$batch".
        var isQueue = uri.AbsolutePath.EndsWith("/messages", StringComparison.Ordinal) || uri.Query.Contains("comp=", StringComparison.Ordinal);
        if (isQueue)
        {
            Interlocked.Increment(ref _queue);
        }
        else if (uri.AbsolutePath.EndsWith("$batch", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _tableBatches);
        }
        else if (message.Request.Method == RequestMethod.Get)
        {
            Interlocked.Increment(ref _tableReads);
        }
        else
        {
            Interlocked.Increment(ref _tableOther);
        }
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _tableReads, 0);
        Interlocked.Exchange(ref _tableBatches, 0);
        Interlocked.Exchange(ref _tableOther, 0);
        Interlocked.Exchange(ref _queue, 0);
    }

    public override string ToString() =>
        $"{Total} (table query pages/reads {TableReads}, table batches {TableBatches}, other table writes {TableOther}, queue {Queue})";
}
