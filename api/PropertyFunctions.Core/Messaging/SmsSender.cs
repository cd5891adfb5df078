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

    /// <summary>The sms-send queue's way: claim, attempt, record the outcome; a retry goes back on the queue.</summary>
    public async Task SendAsync(OutgoingSms sms, CancellationToken ct)
    {
        var (record, isNew) = await log.ClaimAsync(sms, composer.Render(sms.Message), time.GetUtcNow(), ct);
        var attempt = await AttemptAsync(sms, record, isNew, ct);
        if (attempt.Outcome is { } outcome)
        {
            await log.UpdateAsync(outcome, ct);
        }
        switch (attempt.Retry)
        {
            case { After: { } after }:
                await queue.EnqueueSmsAsync(sms, after, ct);
                return;
            case { } retry:
                throw new SmsRetryException($"SMS {sms.Id} not sent ({retry.Reason}); the queue will retry.");
        }
    }

    /// <summary>Claims several SMS in the SMS log, in one write where they share a ticket (see <see cref="ISmsLog.ClaimAllAsync"/>).</summary>
    public async Task<IReadOnlyList<SmsClaim>> ClaimAllAsync(IReadOnlyList<OutgoingSms> sms, CancellationToken ct)
    {
        var claimed = await log.ClaimAllAsync(sms.Select(s => (s, composer.Render(s.Message))).ToList(), time.GetUtcNow(), ct);
        return sms.Select((s, i) => new SmsClaim(s, claimed[i].Record, claimed[i].IsNew)).ToList();
    }

    /// <summary>
    /// Everything after the claim: decides whether the SMS goes, calls the provider and says what to record. The outcome is not
    /// written here, so a ticket's handler can store it in the same transaction as the change that caused the SMS.
    /// </summary>
    public async Task<SmsAttempt> AttemptAsync(OutgoingSms sms, SmsRecord record, bool isNew, CancellationToken ct)
    {
        if (TicketId.TryNormalize(sms.Group, out var ticketId) && ticketId == sms.Group)
        {
            DeskTelemetry.TagTicket(ticketId);
        }
        var now = time.GetUtcNow();
        if (SmsStatuses.IsFinal(record.Status))
        {
            logger.LogInformation("SMS {SmsId} already {Status}; redelivery ignored", sms.Id, record.Status);
            return SmsAttempt.Nothing;
        }
        if (!isNew && record.Status == SmsStatuses.Sending && now - record.LastAttemptAt < StaleClaim)
        {
            // Another delivery may be sending it right now, or one sent it and then lost storage before it could
            // record the result. Look again once the claim is stale, in a new message: throwing would spend this
            // message's dequeue count (5 × 10 s, less than the claim's 2 minutes) and poison an SMS that may
            // never have gone out. If the other sender finishes, the later look finds it sent and stops.
            var wait = StaleClaim - (now - record.LastAttemptAt);
            logger.LogInformation("SMS {SmsId} is claimed by another delivery; looking again in {Wait}", sms.Id, wait);
            return new SmsAttempt(null, new SmsRetry(wait, "claimed by another delivery"));
        }
        if (await gate.HoldReasonAsync(sms, ct) is { } held)
        {
            // Asked before every attempt (an opt-out may arrive between two); once held, a redelivery stops above.
            logger.LogInformation("SMS {SmsId} ({Purpose}) to {To} {Held}", sms.Id, sms.Purpose, PhoneNumber.Mask(sms.To), held);
            return new SmsAttempt(record with { Status = SmsStatuses.Held, Error = held }, null);
        }
        var attempts = isNew ? 1 : record.Attempts + 1;
        if (!isNew)
        {
            record = await log.UpdateAsync(record with { Status = SmsStatuses.Sending, Attempts = attempts, LastAttemptAt = now }, ct);
        }

        var request = new SmsRequest(sms.Id, sms.To, composer.Render(sms.Message), sms.Message.Template, sms.Message.Values, record.FirstAttemptAt, attempts, Tag: sms.Id,
            Language: sms.Message.Language);
        var result = await CallProviderAsync(request, ct);
        Count(result, sms.Message.Template, givenUp: attempts >= MaxAttempts);
        switch (result)
        {
            case SmsSendResult.Sent sent:
                logger.LogInformation("SMS {SmsId} ({Purpose}) sent to {To}", sms.Id, sms.Purpose, PhoneNumber.Mask(sms.To));
                return new SmsAttempt(record with { Status = SmsStatuses.Sent, ProviderMessageId = sent.ProviderMessageId, Error = null }, null);
            case SmsSendResult.Rejected rejected:
                logger.LogError("SMS {SmsId} to {To} rejected: {Reason}", sms.Id, PhoneNumber.Mask(sms.To), Redaction.ProviderError(rejected.ErrorCode, rejected.Reason));
                return new SmsAttempt(record with { Status = SmsStatuses.Failed, Error = rejected.Reason }, null);
            case SmsSendResult.RetryLater retry when attempts >= MaxAttempts:
                logger.LogError("SMS {SmsId} to {To} failed after {Attempts} attempts: {Reason}", sms.Id, PhoneNumber.Mask(sms.To), attempts,
                    Redaction.ProviderError(retry.ErrorCode, retry.Reason));
                return new SmsAttempt(record with { Status = SmsStatuses.Failed, Error = $"gave up after {attempts} attempts: {retry.Reason}" }, null);
            case SmsSendResult.RetryLater retry:
                // When the provider said when, come back then rather than at the queue's fixed retry interval.
                logger.LogWarning("SMS {SmsId} not sent ({Reason}); retrying in {After}", sms.Id, retry.Reason, retry.After?.ToString() ?? "the queue's interval");
                return new SmsAttempt(record with { Status = SmsStatuses.Retrying, Error = retry.Reason }, new SmsRetry(retry.After, retry.Reason));
            default:
                throw new InvalidOperationException($"Unknown provider result {result.GetType().Name}.");
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

/// <summary>An SMS claimed in the SMS log: its stored record, and whether this claim made it.</summary>
public sealed record SmsClaim(OutgoingSms Sms, SmsRecord Record, bool IsNew);

/// <summary>What one attempt decided: the record to store (null: nothing changed) and whether, and after how long, to try again.</summary>
public sealed record SmsAttempt(SmsRecord? Outcome, SmsRetry? Retry)
{
    public static readonly SmsAttempt Nothing = new(null, null);
}

/// <param name="After">When to try again; null: at the queue's own pace.</param>
public sealed record SmsRetry(TimeSpan? After, string? Reason);

