using System.Text;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Messaging;

/// <summary>A catalogue template with its variables' values, already cleaned and shortened to fit: what an SMS says.</summary>
/// <param name="Signature">The sending community's approved SMS signature (签名); null: the desk's (Desk:SmsSignature).</param>
public sealed record SmsMessage(string Template, string Language, IReadOnlyDictionary<string, string> Values, string? Signature = null);

/// <summary>
/// Fills catalogue templates. Values are data: they are cleaned (no line breaks or control characters), cut to their
/// variable's limit, and the template's fill variable is shortened until the whole message, signature included, fits
/// the template's segments. Rendering replaces <c>${name}</c> in one pass over the template, so a <c>{</c> or <c>$</c> in
/// a value is printed as it is and never read as a placeholder or a format.
/// </summary>
public sealed class SmsComposer(DeskOptions options)
{
    /// <summary>Marks shortened text; English SMS get three dots, which keep them in the GSM alphabet (… would make them UCS-2).</summary>
    private static string Ellipsis(string language) => language == Language.English ? "..." : "…";

    private readonly string _site = options.PublicBaseUrl.TrimEnd('/');

    /// <summary>What a mainland provider adds in front of every SMS, and what the local renderers add to match.</summary>
    public string Signature(string language, string? signature = null) =>
        language == Language.English ? options.SmsSignatureEn + ": " : "【" + (signature ?? options.SmsSignature) + "】";

    public SmsMessage Compose(SmsTemplate template, string language, IReadOnlyDictionary<string, string> values, string? signature = null)
    {
        var cleaned = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in template.Variables)
        {
            if (!values.TryGetValue(variable.Name, out var raw))
            {
                throw new ArgumentException($"SMS template {template.Key} needs a value for ${{{variable.Name}}}.", nameof(values));
            }
            cleaned[variable.Name] = Cut(Clean(raw), variable.MaxLength, Ellipsis(language));
        }
        var extra = values.Keys.Except(cleaned.Keys).ToList();
        if (extra.Count > 0)
        {
            throw new ArgumentException($"SMS template {template.Key} has no variable {string.Join(", ", extra)}.", nameof(values));
        }
        var message = new SmsMessage(template.Key, language, cleaned, signature);
        return template.Fill is { } fill ? Fit(template, message, fill) : message;
    }

    /// <summary>The SMS as the recipient reads it from the log and ACS providers, signature first.</summary>
    public string Render(SmsMessage message) => Signature(message.Language, message.Signature) + Body(message);

    /// <summary>The SMS without its signature: what a mainland provider renders from the template, before adding 【signature】.</summary>
    public string Body(SmsMessage message) => Fill(SmsCatalogue.Get(message.Template).Text(message.Language), message.Values, _site);

    /// <summary>
    /// The segments the SMS costs by the stricter of the two billing rules it may meet: the handset alphabet (GSM-7 160/153, else
    /// UCS-2 70/67) as rendered here, and a mainland provider's (every character one, 70/67, with the Chinese signature).
    /// </summary>
    public int BilledSegments(SmsMessage message)
    {
        var body = Body(message);
        return Math.Max(SmsSegments.Count(Signature(message.Language, message.Signature) + body).Segments,
            SmsSegments.MainlandBilled(Signature(Language.Chinese, message.Signature) + body));
    }

    /// <summary>The template's text with the desk's address in place, as a company submits it for approval.</summary>
    public string ForApproval(SmsTemplate template, string language) => template.Text(language).Replace("{site}", _site, StringComparison.Ordinal);

    public static string Fill(string text, IReadOnlyDictionary<string, string> values, string site)
    {
        var output = new StringBuilder(text.Length + 64);
        for (var i = 0; i < text.Length;)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{' && text.IndexOf('}', i) is var end and > 0)
            {
                output.Append(values[text[(i + 2)..end]]);
                i = end + 1;
            }
            else if (string.CompareOrdinal(text, i, "{site}", 0, 6) == 0)
            {
                output.Append(site);
                i += 6;
            }
            else
            {
                output.Append(text[i++]);
            }
        }
        return output.ToString();
    }

    /// <summary>Shortens the fill variable (by halving the search) to the longest value with which the SMS fits.</summary>
    private SmsMessage Fit(SmsTemplate template, SmsMessage message, string fill)
    {
        if (BilledSegments(message) <= template.MaxSegments)
        {
            return message;
        }
        var full = message.Values[fill];
        SmsMessage With(int length) => message with
        {
            Values = new Dictionary<string, string>(message.Values) { [fill] = length == 0 ? "" : full[..SafeLength(full, length)] + Ellipsis(message.Language) },
        };
        var low = 0;
        var high = full.Length - 1;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (BilledSegments(With(mid)) <= template.MaxSegments)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        return With(low);
    }


    /// <summary>Line breaks and tabs become spaces, other control characters go, runs of spaces become one.</summary>
    private static string Clean(string? value)
    {
        var output = new StringBuilder((value ?? "").Length);
        foreach (var c in value ?? "")
        {
            var ch = c is '\r' or '\n' or '\t' ? ' ' : c;
            if (char.IsControl(ch) || (ch == ' ' && output.Length > 0 && output[^1] == ' '))
            {
                continue;
            }
            output.Append(ch);
        }
        return output.ToString().Trim();
    }

    private static string Cut(string value, int max, string ellipsis) =>
        value.Length <= max ? value
        : max <= ellipsis.Length ? value[..SafeLength(value, max)]
        : value[..SafeLength(value, max - ellipsis.Length)] + ellipsis;

    /// <summary>A cut never splits a surrogate pair (an emoji would turn into garbage).</summary>
    private static int SafeLength(string value, int length) =>
        length > 0 && length < value.Length && char.IsHighSurrogate(value[length - 1]) ? length - 1 : length;
}
