namespace PropertyFunctions.Core.Messaging;

/// <summary>
/// One text message to one recipient, as handed to a provider.
/// <paramref name="SmsId"/> is deterministic (ticket, purpose, recipient), so the same SMS always has the same id;
/// <paramref name="FirstAttemptAt"/> is the time of the first send attempt, kept across retries (ACS repeatability).
/// </summary>
public sealed record SmsRequest(string SmsId, string To, string Message, DateTimeOffset FirstAttemptAt, string? Tag = null);

/// <summary>What a provider made of a send.</summary>
public abstract record SmsSendResult
{
    /// <summary>Accepted by the provider for delivery.</summary>
    public sealed record Sent(string ProviderMessageId) : SmsSendResult;

    /// <summary>Refused for good (bad number, opted out at the carrier…): retrying will not help.</summary>
    public sealed record Rejected(int? StatusCode, string Reason) : SmsSendResult;

    /// <summary>Not sent this time (throttled, provider down, timeout): retry, after <paramref name="After"/> when the provider said so.</summary>
    public sealed record RetryLater(TimeSpan? After, string Reason) : SmsSendResult
    {
        /// <summary>
        /// True when the provider may nevertheless have accepted it (timeout, lost connection, unreadable answer).
        /// Then only a retry with the same <see cref="SmsRequest.SmsId"/> and <see cref="SmsRequest.FirstAttemptAt"/>
        /// is safe (the provider de-duplicates it); false when the provider certainly did not take it (429, 503, refused connection).
        /// </summary>
        public bool MayHaveBeenSent { get; init; }
    }
}

/// <summary>
/// The port every SMS provider implements: <c>log</c> locally, <c>acs</c> (Azure Communication Services)
/// in production, and room for a mainland provider (e.g. Alibaba Cloud SMS with approved templates).
/// A provider must be safe to call twice with the same <see cref="SmsRequest.SmsId"/>: it either
/// de-duplicates (ACS repeatability headers) or the caller's SMS log prevents the second call.
/// </summary>
public interface ISmsProvider
{
    string Name { get; }

    Task<SmsSendResult> SendAsync(SmsRequest request, CancellationToken ct);
}
