using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace PropertyFunctions.Core.Common;

/// <summary>
/// What may reach the application log (docs/privacy.md, "What is logged"): phones masked, client addresses cut to their
/// network, provider errors reduced to their code and a short message with phones, links and token-like strings removed.
/// The log never holds an SMS's text, a tracking token or a task link.
/// </summary>
public static partial class Redaction
{
    /// <summary>The longest provider message kept in a log line.</summary>
    public const int MaxErrorLength = 120;

    // Seven or more digits in a row, with an optional +: a phone number, never a ticket id (six-digit date).
    [GeneratedRegex(@"\+?\d{7,}")]
    private static partial Regex DigitRun();

    [GeneratedRegex(@"(?i)\b(?:https?://|www\.)\S+")]
    private static partial Regex Link();

    // A run of 16 or more token characters with at least one digit and one letter: an access key, a signature, a link code.
    [GeneratedRegex(@"(?=[A-Za-z0-9_\-+/=]*\d)(?=[A-Za-z0-9_\-+/=]*[A-Za-z])[A-Za-z0-9_\-+/=]{16,}")]
    private static partial Regex TokenLike();

    /// <summary>Every run of seven or more digits masked like <see cref="PhoneNumber.Mask"/> (the last four kept).</summary>
    public static string Phones(string? text) => string.IsNullOrEmpty(text) ? "" : DigitRun().Replace(text, m => PhoneNumber.Mask(m.Value));

    /// <summary>
    /// A client address for a log line: IPv4 with its last octet zeroed (<c>203.0.113.0</c>), IPv6 cut to its /64
    /// (<c>2001:db8:1:2::/64</c>), a rate-limit key such as <c>2001:db8::/64</c> kept as it is (already a network),
    /// anything unreadable as <c>unknown</c>.
    /// </summary>
    public static string Address(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return "unknown";
        }
        var text = address.Trim();
        if (text.EndsWith("/64", StringComparison.Ordinal))
        {
            return IPAddress.TryParse(text[..^3], out var network) && network.AddressFamily == AddressFamily.InterNetworkV6
                ? Network(network) : "unknown";
        }
        if (!IPAddress.TryParse(text.Trim('[', ']'), out var ip))
        {
            return "unknown";
        }
        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }
        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = ip.GetAddressBytes();
            bytes[3] = 0;
            return new IPAddress(bytes).ToString();
        }
        return Network(ip);
    }

    private static string Network(IPAddress v6)
    {
        var bytes = v6.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>
    /// A provider's error for a log line: its code, then at most <see cref="MaxErrorLength"/> characters of its message with
    /// phones masked and links and token-like strings (keys, signatures, link codes) replaced by <c>[…]</c>.
    /// </summary>
    public static string ProviderError(string? code, string? message)
    {
        var text = Link().Replace(message ?? "", "[link]");
        text = TokenLike().Replace(text, "[…]");
        text = Phones(text).ReplaceLineEndings(" ");
        if (text.Length > MaxErrorLength)
        {
            text = text[..MaxErrorLength] + "…";
        }
        return string.IsNullOrEmpty(code) ? text : $"[{code}] {text}";
    }
}
