using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Azure.Sms;

/// <summary>Keeps phone numbers out of logs, including ones embedded in an SMS id (ticket, purpose, recipient). See <see cref="Redaction"/>.</summary>
internal static class Redact
{
    public static string Phones(string text) => Redaction.Phones(text);

    /// <summary>A provider's answer as the log may hold it: its code and a short message without phones, links or tokens.</summary>
    public static string Error(Core.Messaging.SmsSendResult result, string reason) => Redaction.ProviderError(result.ErrorCode, reason);
}
