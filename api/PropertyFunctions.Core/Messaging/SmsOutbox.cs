using Microsoft.Extensions.Logging;

namespace PropertyFunctions.Core.Messaging;

/// <summary>
/// Sends a ticket's SMS at once, inside the handler that decided them (routing, a staff action, an SMS reply), instead of
/// through the sms-send queue: they reach the phone sooner and cost no queue message, receive and delete. The claims go in one
/// write where the SMS are logged beside their ticket; their outcomes are handed back for the caller to store in the same
/// transaction as the change that caused them (or <see cref="RecordAsync"/> when there is no change to store). What does not
/// finish here (the provider asks to retry later, or the provider or storage fails) goes on the sms-send queue, where
/// <see cref="SmsSender"/> goes on with the same SMS id and its claim, so nothing is sent twice or lost. Callers send before they
/// store the change: a failure then repeats the whole handler, and the SMS log skips what already went. Broadcasts keep the queue.
/// </summary>
public sealed class SmsOutbox(SmsSender sender, ISmsLog log, ISmsQueue queue, ILogger<SmsOutbox> logger)
{
    /// <summary>How long an SMS that failed here waits on the queue before its next attempt (the host's visibility timeout).</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(10);

    /// <summary>Sends the SMS; returns the outcomes still to store, which are all logged beside their ticket.</summary>
    public async Task<IReadOnlyList<SmsRecord>> SendAsync(IEnumerable<OutgoingSms> sms, CancellationToken ct)
    {
        var list = sms.ToList();
        if (list.Count == 0)
        {
            return [];
        }
        IReadOnlyList<SmsClaim> claims;
        try
        {
            claims = await sender.ClaimAllAsync(list, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("{Count} SMS not claimed at once ({Error}); the sms-send queue sends them", list.Count, ex.GetType().Name);
            await Task.WhenAll(list.Select(s => queue.EnqueueSmsAsync(s, RetryDelay, ct)));
            return [];
        }
        var outcomes = await Task.WhenAll(claims.Select(c => AttemptAsync(c, ct)));
        return outcomes.OfType<SmsRecord>().ToList();
    }

    /// <summary>Stores outcomes <see cref="SendAsync"/> handed back, for a handler that has no ticket change to store them with.</summary>
    public Task RecordAsync(IReadOnlyList<SmsRecord> outcomes, CancellationToken ct) => outcomes.Count == 0 ? Task.CompletedTask : log.RecordAllAsync(outcomes, ct);

    private async Task<SmsRecord?> AttemptAsync(SmsClaim claim, CancellationToken ct)
    {
        SmsAttempt attempt;
        try
        {
            attempt = await sender.AttemptAsync(claim.Sms, claim.Record, claim.IsNew, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("SMS {SmsId} not sent at once ({Error}); the sms-send queue retries it", claim.Sms.Id, ex.GetType().Name);
            await queue.EnqueueSmsAsync(claim.Sms, RetryDelay, ct);
            return null;
        }
        if (attempt.Retry is { } retry)
        {
            await queue.EnqueueSmsAsync(claim.Sms, retry.After ?? RetryDelay, ct);
        }
        if (attempt.Outcome is not { } outcome || outcome.TicketCommunity is not null)
        {
            return attempt.Outcome;
        }
        try
        {
            await log.UpdateAsync(outcome, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Sent but not recorded: the queue's attempt finds the claim, waits until it is stale and sends with the same id.
            logger.LogWarning("SMS {SmsId}: outcome not recorded ({Error}); the sms-send queue looks at it again", claim.Sms.Id, ex.GetType().Name);
            await queue.EnqueueSmsAsync(claim.Sms, RetryDelay, ct);
        }
        return null;
    }
}
