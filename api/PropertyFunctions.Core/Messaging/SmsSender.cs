using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Messaging;

/// <summary>Thrown to hand a message back to the queue for a later attempt (the queue's retry and poison handling apply).</summary>
public sealed class SmsRetryException(string message) : Exception(message);

/// <summary>
/// Handles one sms-send message. The SMS log makes it idempotent: the first delivery claims the SMS
/// (an insert that only one can win) and records the outcome; a redelivery of a sent SMS does nothing.
/// A retry after a failed or unknown attempt reuses the first attempt's time, so the provider's own
/// repeatability check (ACS) never delivers it twice either.
/// </summary>
public sealed class SmsSender(ISmsLog log, ISmsProvider provider, ISmsQueue queue, SmsComposer composer, SmsGate gate, TimeProvider time,
    ILogger<SmsSender> logger)
{
    /// <summary>Attempts before an SMS is given up (matches host.json maxDequeueCount).</summary>
    public const int MaxAttempts = 5;

    /// <summary>A claim older than this whose sender never reported back is taken over.</summary>
    public static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(2);

    public async Task SendAsync(OutgoingSms sms, CancellationToken ct)
    {
        if (TicketId.TryNormalize(sms.Group, out var ticketId) && ticketId == sms.Group)
        {
            DeskTelemetry.TagTicket(ticketId);
        }
        var now = time.GetUtcNow();
        var text = composer.Render(sms.Message);
        var (record, isNew) = await log.ClaimAsync(sms, text, now, ct);
        if (SmsStatuses.IsFinal(record.Status))
        {
            logger.LogInformation("SMS {SmsId} already {Status}; redelivery ignored", sms.Id, record.Status);
            return;
        }
        if (!isNew && record.Status == SmsStatuses.Sending && now - record.LastAttemptAt < StaleClaim)
        {
            // Another delivery may be sending it right now, or one sent it and then lost storage before it could
            // record the result. Look again once the claim is stale, in a new message: throwing would spend this
            // message's dequeue count (5 × 10 s, less than the claim's 2 minutes) and poison an SMS that may
            // never have gone out. If the other sender finishes, the later look finds it sent and stops.
            var wait = StaleClaim - (now - record.LastAttemptAt);
            await queue.EnqueueSmsAsync(sms, wait, ct);
            logger.LogInformation("SMS {SmsId} is claimed by another delivery; looking again in {Wait}", sms.Id, wait);
            return;
        }
        if (await gate.HoldReasonAsync(sms, ct) is { } held)
        {
            // Asked before every attempt (an opt-out may arrive between two); once held, a redelivery stops above.
            await log.UpdateAsync(record with { Status = SmsStatuses.Held, Error = held }, ct);
            logger.LogInformation("SMS {SmsId} ({Purpose}) to {To} {Held}", sms.Id, sms.Purpose, PhoneNumber.Mask(sms.To), held);
            return;
        }
        var attempts = isNew ? 1 : record.Attempts + 1;
        if (!isNew)
        {
            record = await log.UpdateAsync(record with { Status = SmsStatuses.Sending, Attempts = attempts, LastAttemptAt = now }, ct);
        }

        var request = new SmsRequest(sms.Id, sms.To, text, sms.Message.Template, sms.Message.Values, record.FirstAttemptAt, attempts, Tag: sms.Id, Language: sms.Message.Language);
        var result = await CallProviderAsync(request, ct);
        Count(result, sms.Message.Template, givenUp: attempts >= MaxAttempts);
        switch (result)
        {
            case SmsSendResult.Sent sent:
                await log.UpdateAsync(record with { Status = SmsStatuses.Sent, ProviderMessageId = sent.ProviderMessageId, Error = null }, ct);
                logger.LogInformation("SMS {SmsId} ({Purpose}) sent to {To}", sms.Id, sms.Purpose, PhoneNumber.Mask(sms.To));
                return;
            case SmsSendResult.Rejected rejected:
                await log.UpdateAsync(record with { Status = SmsStatuses.Failed, Error = rejected.Reason }, ct);
                logger.LogError("SMS {SmsId} to {To} rejected: {Reason}", sms.Id, PhoneNumber.Mask(sms.To), rejected.Reason);
                return;
            case SmsSendResult.RetryLater retry when attempts >= MaxAttempts:
                await log.UpdateAsync(record with { Status = SmsStatuses.Failed, Error = $"gave up after {attempts} attempts: {retry.Reason}" }, ct);
                logger.LogError("SMS {SmsId} to {To} failed after {Attempts} attempts: {Reason}", sms.Id, PhoneNumber.Mask(sms.To), attempts, retry.Reason);
                return;
            case SmsSendResult.RetryLater retry:
                await log.UpdateAsync(record with { Status = SmsStatuses.Retrying, Error = retry.Reason }, ct);
                if (retry.After is { } after)
                {
                    // The provider said when: come back then, rather than at the queue's fixed retry interval.
                    await queue.EnqueueSmsAsync(sms, after, ct);
                    logger.LogWarning("SMS {SmsId} throttled; retrying in {After}", sms.Id, after);
                    return;
                }
                throw new SmsRetryException($"SMS {sms.Id} not sent ({retry.Reason}); the queue will retry.");
        }
    }

    /// <summary>The provider call as a span of its own (the provider's HTTP call nests in it): codes only, never the number or the text.</summary>
    private async Task<SmsSendResult> CallProviderAsync(SmsRequest request, CancellationToken ct)
    {
        using var span = DeskTelemetry.Source.StartActivity("sms.provider.send");
        span?.SetTag(DeskMetrics.ProviderTag, provider.Name);
        span?.SetTag(DeskMetrics.PurposeTag, request.TemplateKey);
        span?.SetTag("sms.attempt", request.Attempt);
        var result = await provider.SendAsync(request, ct);
        if (span is not null)
        {
            span.SetTag("sms.outcome", result switch { SmsSendResult.Sent => "sent", SmsSendResult.Rejected => "rejected", _ => "retry" });
            span.SetTag(DeskMetrics.ErrorCodeTag, result.ErrorCode);
            span.SetTag(DeskMetrics.ErrorKindTag, result.ErrorKind);
            if (result is SmsSendResult.Rejected)
            {
                span.SetStatus(ActivityStatusCode.Error, result.ErrorCode);
            }
        }
        return result;
    }

    private void Count(SmsSendResult result, string purpose, bool givenUp)
    {
        var name = result.Provider ?? provider.Name;
        var code = result.ErrorCode ?? "unknown";
        var kind = result.ErrorKind ?? SmsErrorKinds.Recipient;
        switch (result)
        {
            case SmsSendResult.Sent:
                DeskMetrics.SmsSentBy(name, purpose);
                break;
            case SmsSendResult.Rejected:
            case SmsSendResult.RetryLater when givenUp:
                DeskMetrics.SmsFailedBy(name, purpose, code, kind);
                break;
            default:
                DeskMetrics.SmsRetriedBy(name, purpose, code, kind);
                break;
        }
    }

    /// <summary>The message reached the poison queue: record that the SMS failed for good.</summary>
    public async Task MarkPoisonedAsync(OutgoingSms sms, CancellationToken ct)
    {
        var (record, _) = await log.ClaimAsync(sms, composer.Render(sms.Message), time.GetUtcNow(), ct);
        if (!SmsStatuses.IsFinal(record.Status))
        {
            await log.UpdateAsync(record with { Status = SmsStatuses.Failed, Error = $"moved to sms-send-poison after {record.Attempts} attempts: {record.Error}" }, ct);
        }
        logger.LogError("SMS {SmsId} to {To} moved to the poison queue", sms.Id, PhoneNumber.Mask(sms.To));
    }
}
