using System.Text.RegularExpressions;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Messaging;

/// <summary>What a reply SMS asks for.</summary>
public abstract partial record SmsCommand
{
    /// <param name="TicketId">Null for a bare "JD": the ticket most recently dispatched to the sender.</param>
    public sealed record Accept(string? TicketId) : SmsCommand;
    /// <param name="TicketId">Null for a bare "WC": the ticket most recently dispatched to the sender.</param>
    public sealed record Done(string? TicketId) : SmsCommand;
    public sealed record Rate(int Score) : SmsCommand;
    public sealed record OptOut : SmsCommand;
    public sealed record Unknown : SmsCommand;

    /// <summary>
    /// Reads replies the way people type them on a phone: 接/JD to accept and 完/WC when done, alone (the latest dispatch
    /// to the sender) or followed by the ticket id with or without the dash, any case, any spacing (full-width too); a lone
    /// 1–5 rates; TD, 退订, STOP or UNSUBSCRIBE opts out.
    /// </summary>
    public static SmsCommand Parse(string? text)
    {
        var t = Normalize(text);
        if (t.Length == 0)
        {
            return new Unknown();
        }
        if (t is "TD" or "退订" or "STOP" or "UNSUBSCRIBE" or "T")
        {
            return new OptOut();
        }
        if (t.Length == 1 && t[0] is >= '1' and <= '5')
        {
            return new Rate(t[0] - '0');
        }
        var match = CommandPattern().Match(t);
        if (!match.Success)
        {
            return new Unknown();
        }
        string? id = null;
        if (match.Groups["id"].Success && !TicketId.TryNormalize(match.Groups["id"].Value, out id))
        {
            return new Unknown();
        }
        return match.Groups["verb"].Value is "接" or "JD" or "接单" ? new Accept(id) : new Done(id);
    }

    [GeneratedRegex(@"^(?<verb>接单|接|JD|完成|完工|完|WC)\s*(?<id>[0-9A-Z\- ]{10,14})?$")]
    private static partial Regex CommandPattern();

    private static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        // Full-width letters, digits and spaces (common from Chinese keyboards) become their ASCII forms.
        var chars = text.Trim().Select(c => c switch
        {
            >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
            '\u3000' => ' ',
            _ => c,
        });
        return new string(chars.ToArray()).ToUpperInvariant().Trim().TrimEnd('.', '。', '!', '！');
    }
}
