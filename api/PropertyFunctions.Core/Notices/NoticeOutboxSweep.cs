using Microsoft.Extensions.Logging;

namespace PropertyFunctions.Core.Notices;

/// <summary>
/// The timer NoticeOutboxSweep (every five minutes): queues again the plan of every SMS broadcast still pending
/// <see cref="Grace"/> after it was last queued, i.e. one whose enqueue failed after the notice was saved, or whose plan
/// message was lost. Queuing a plan twice is harmless (each household's SMS has one id per version), so the sweep may
/// overlap a slow plan. After <see cref="MaxSweeps"/> tries it stops and logs an error: the plan keeps failing.
/// </summary>
public sealed class NoticeOutboxSweep(INoticeStore store, INoticeQueue queue, TimeProvider time, ILogger<NoticeOutboxSweep> logger)
{
    /// <summary>A plan younger than this is probably still in the queue.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(3);
    public const int MaxSweeps = 5;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var requeued = 0;
        await foreach (var outbox in store.PendingOutboxAsync(now - Grace, ct))
        {
            if (outbox.Sweeps >= MaxSweeps)
            {
                if (outbox.Sweeps == MaxSweeps)
                {
                    // Said once: counted past the limit, the row is passed over quietly from now on.
                    logger.LogError("Notice {NoticeId} v{Version} in {Community}: broadcast still pending after {Sweeps} sweeps; its households are not texted",
                        outbox.NoticeId, outbox.Version, outbox.Community, outbox.Sweeps);
                    await store.RequeuedOutboxAsync(outbox, now, ct);
                }
                continue;
            }
            await queue.EnqueueNoticeFanoutAsync(new NoticeFanoutMessage(outbox.Community, outbox.NoticeId, outbox.Version), null, ct);
            await store.RequeuedOutboxAsync(outbox, now, ct);
            requeued++;
        }
        if (requeued > 0)
        {
            logger.LogWarning("NoticeOutboxSweep: queued {Count} pending notice broadcast(s) again", requeued);
        }
        return requeued;
    }
}
