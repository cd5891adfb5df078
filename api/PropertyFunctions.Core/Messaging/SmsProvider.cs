namespace PropertyFunctions.Core.Messaging;

/// <summary>
/// One text message to one recipient, as handed to a provider. A provider that renders locally (log, acs) sends
/// <paramref name="Text"/>; a mainland provider sends the approved template its configuration maps to
/// <paramref name="TemplateKey"/>, with <paramref name="Variables"/> as the values of its <c>${name}</c> variables.
/// </summary>
/// <param name="SmsId">Deterministic (group, purpose, recipient): the same SMS always has the same id. Sent as Aliyun's OutId, and the basis of the ACS repeatability id.</param>
/// <param name="To">E.164.</param>
/// <param name="Text">The rendered text.</param>
/// <param name="TemplateKey">The catalogue key, e.g. <c>dispatch</c>.</param>
/// <param name="Variables">The template's variable values.</param>
/// <param name="FirstAttemptAt">The time of the first send attempt, kept across retries (ACS repeatability).</param>
/// <param name="Attempt">1 on the first try; more means an earlier attempt may have reached the provider.</param>
/// <param name="Tag">Passed back in delivery reports where the provider supports it (ACS).</param>
/// <param name="SignName">A community's own signature (签名); null: the provider's configured one.</param>
/// <param name="Language">The language the text is in; a mainland provider picks the template approved for it.</param>
public sealed record SmsRequest(
    string SmsId,
    string To,
    string Text,
    string TemplateKey,
    IReadOnlyDictionary<string, string> Variables,
    DateTimeOffset FirstAttemptAt,
    int Attempt,
    string? Tag = null,
    string? SignName = null,
    string Language = Common.Language.Chinese);

/// <summary>What a provider made of a send.</summary>
public abstract record SmsSendResult
{
    /// <summary>The provider that answered, where a routing provider chose one (<c>aliyun</c>, <c>acs</c>); null: the configured one.</summary>
    public string? Provider { get; init; }

    /// <summary>The provider's error code, for metrics and alerts: Aliyun's <c>Code</c> (<c>isv.AMOUNT_NOT_ENOUGH</c>), ACS's HTTP status, or a short word of ours (<c>timeout</c>). Null when sent.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>What the error means for an operator: one of <see cref="SmsErrorKinds"/>. Null when sent.</summary>
    public string? ErrorKind { get; init; }

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
/// The port every SMS provider implements: <c>log</c> locally, <c>acs</c> (Azure Communication Services) for
/// numbers outside mainland China, <c>aliyun</c> (Alibaba Cloud SMS, approved templates) for +86 numbers.
/// A provider must be safe to call again with the same <see cref="SmsRequest.SmsId"/>: it either de-duplicates
/// (ACS repeatability headers) or, when <see cref="SmsRequest.Attempt"/> is above 1, first asks the service
/// whether an earlier attempt went out (Aliyun's QuerySendDetails by OutId).
/// </summary>
public interface ISmsProvider
{
    string Name { get; }

    Task<SmsSendResult> SendAsync(SmsRequest request, CancellationToken ct);
}

/// <summary>
/// What a failed send means for an operator, so one alert covers every provider: <see cref="Account"/> and
/// <see cref="Configuration"/> stop every SMS until a person acts; the others concern one message or pass by themselves.
/// </summary>
public static class SmsErrorKinds
{
    /// <summary>No balance, account suspended or missing, credentials or permissions refused.</summary>
    public const string Account = "account";
    /// <summary>Signature, template or sender not approved or not set up.</summary>
    public const string Configuration = "configuration";
    /// <summary>Flow control: too many SMS to a number or for the account right now.</summary>
    public const string Throttled = "throttled";
    /// <summary>Timeout, connection lost, a fault on the provider's side.</summary>
    public const string Transient = "transient";
    /// <summary>Anything else, usually about one recipient (invalid number, blocked by the carrier).</summary>
    public const string Recipient = "recipient";
}
