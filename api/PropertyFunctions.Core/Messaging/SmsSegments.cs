namespace PropertyFunctions.Core.Messaging;

/// <summary>How a text travels over SMS.</summary>
public enum SmsEncoding
{
    /// <summary>The GSM 03.38 7-bit alphabet: 160 septets in one segment, 153 per part when concatenated.</summary>
    Gsm7,

    /// <summary>UCS-2 (UTF-16 on the wire): 70 code units in one segment, 67 per part when concatenated.</summary>
    Ucs2,
}

/// <param name="Encoding">GSM-7 when every character is in the GSM 03.38 basic or extension table, else UCS-2.</param>
/// <param name="Units">Septets for GSM-7 (an extension character counts 2), UTF-16 code units for UCS-2.</param>
/// <param name="Segments">How many SMS the carrier bills (an empty text still costs one).</param>
public readonly record struct SmsSegmentCount(SmsEncoding Encoding, int Units, int Segments);

/// <summary>Counts the SMS segments a text needs, as a handset or carrier does.</summary>
public static class SmsSegments
{
    public const int Gsm7Single = 160;
    public const int Gsm7Part = 153;
    public const int Ucs2Single = 70;
    public const int Ucs2Part = 67;

    // GSM 03.38 basic character set (the escape code 0x1B is not a character of its own).
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    // Extension table: each is sent as ESC + code, so it costs two septets.
    private const string Extension = "\f^{}\\[~]|€";

    private static readonly HashSet<char> BasicSet = [.. Basic];
    private static readonly HashSet<char> ExtensionSet = [.. Extension];

    /// <summary>
    /// What a mainland provider bills (Alibaba Cloud, Tencent Cloud): every character counts one, Latin letters too, signature
    /// included; 70 characters are one SMS, a longer text is billed 67 characters a part.
    /// </summary>
    public static int MainlandBilled(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var length = text.EnumerateRunes().Count();
        return length <= Ucs2Single ? 1 : (length + Ucs2Part - 1) / Ucs2Part;
    }

    public static SmsSegmentCount Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var gsm = text.All(c => BasicSet.Contains(c) || ExtensionSet.Contains(c));
        return gsm
            ? Pack(text, SmsEncoding.Gsm7, Gsm7Single, Gsm7Part, i => ExtensionSet.Contains(text[i]) ? 2 : 1)
            : Pack(text, SmsEncoding.Ucs2, Ucs2Single, Ucs2Part,
                i => char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1);
    }

    /// <summary>
    /// Fills parts greedily with indivisible units: an escape pair (GSM-7) or a surrogate pair (UCS-2)
    /// never straddles two parts, because a phone would show garbage at the seam. So a long text
    /// can need one part more than units / per-part suggests.
    /// </summary>
    /// <param name="widthAt">The width of the indivisible unit starting at index i: 1 or 2.</param>
    private static SmsSegmentCount Pack(string text, SmsEncoding encoding, int single, int part, Func<int, int> widthAt)
    {
        var units = 0;
        var parts = 1;
        var inPart = 0;
        for (var i = 0; i < text.Length;)
        {
            var width = widthAt(i);
            units += width;
            if (inPart + width > part)
            {
                parts++;
                inPart = 0;
            }
            inPart += width;
            // A UCS-2 surrogate pair is two chars; a GSM-7 escape pair is one char worth two septets.
            i += encoding == SmsEncoding.Ucs2 ? width : 1;
        }
        return new SmsSegmentCount(encoding, units, units <= single ? 1 : parts);
    }
}
