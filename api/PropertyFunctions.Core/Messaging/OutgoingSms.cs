using System.Security.Cryptography;
using System.Text;

namespace PropertyFunctions.Core.Messaging;

/// <summary>
/// An SMS to send, as it travels on the sms-send queue. The id is deterministic — the group it belongs to
/// (a ticket id, a notice, a fee unit), its purpose and its recipient — so the same SMS always has the
/// same id and the SMS log sends it once however often the message is delivered.
/// </summary>
/// <param name="Community">The community whose hourly budget an owner SMS counts against (none: not budgeted).</param>
/// <param name="Safety">A safety notice (water, power, gas): it reaches phones that opted out.</param>
/// <param name="WithTicket">
/// Its log row lives beside ticket <paramref name="Group"/> in <paramref name="Community"/>'s partition, so its claim and outcome can
/// ride in the ticket's own transactions; otherwise (broadcasts, and tickets made before this) in the SMS log of its own.
/// </param>
public sealed record OutgoingSms(string Group, string Key, string To, string Purpose, SmsMessage Message, string? Community = null, bool Safety = false,
    bool WithTicket = false)
{
    public string Id => $"{Group}:{Key}";

    /// <summary>The key of an SMS with this purpose to this phone, within its group. The phone is hashed so ids carry no number.</summary>
    public static string KeyFor(string purpose, string phone) =>
        $"{purpose}.{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(phone)))[..10].ToLowerInvariant()}";

    public static OutgoingSms Create(string group, string purpose, string to, SmsMessage message, string? community = null) =>
        new(group, KeyFor(purpose, to), to, purpose, message, community);
}

/// <summary>What the SMS log knows of one SMS. <paramref name="TicketCommunity"/>: set when the row lives beside its ticket (<see cref="OutgoingSms.WithTicket"/>).</summary>
public sealed record SmsRecord(
    string Group,
    string Key,
    string To,
    string Text,
    string Purpose,
    string Status,
    int Attempts,
    DateTimeOffset FirstAttemptAt,
    DateTimeOffset LastAttemptAt,
    string? ProviderMessageId,
    string? Error,
    int Segments,
    string? ETag = null,
    string? TicketCommunity = null);

public static class SmsStatuses
{
    /// <summary>Claimed by a sender; the provider call is under way (or its outcome was not recorded).</summary>
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Retrying = "retrying";
    public const string Failed = "failed";
    public const string Delivered = "delivered";
    public const string Undelivered = "undelivered";
    /// <summary>Not sent, on purpose: the phone opted out, or the community's SMS budget was spent (the error says which).</summary>
    public const string Held = "held";

    public static bool IsFinal(string status) => status is Sent or Failed or Delivered or Undelivered or Held;
}
