using Microsoft.Extensions.Logging;

namespace PropertyFunctions.Core.Messaging;

/// <summary>
/// Sends a ticket's SMS at once, inside the handler that decided them (routing, a staff action, an SMS reply), instead of
/// through the sms-send queue: they reach the phone sooner and cost no queue message, receive and delete. What does not
/// finish here (the provider asks to retry later, or the provider or storage fails) goes on the sms-send queue, where
/// <see cref="SmsSender"/> goes on with the same SMS id and its claim in the SMS log, so nothing is sent twice or lost.
/// Callers hand their SMS over before they store the change that caused them, as they did with the queue: a failure then
/// repeats the whole handler, and the SMS log skips what already went. Broadcasts (notices, fee reminders) keep the queue.
/// </summary>
public sealed class SmsOutbox(SmsSender sender, ISmsQueue queue, ILogger<SmsOutbox> logger)
{
    /// <summary>How long an SMS that failed here waits on the queue before its next attempt (the host's visibility timeout).</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(10);

    public Task SendAsync(IEnumerable<OutgoingSms> sms, CancellationToken ct) => Task.WhenAll(sms.Select(s => SendOneAsync(s, ct)));

    private async Task SendOneAsync(OutgoingSms sms, CancellationToken ct)
    {
        try
        {
            await sender.SendAsync(sms, ct);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("SMS {SmsId} not sent at once ({Error}); the sms-send queue retries it", sms.Id, ex.GetType().Name);
        }
        await queue.EnqueueSmsAsync(sms, RetryDelay, ct);
    }
}
