using System.Security.Cryptography;

namespace PropertyFunctions.Core.Common;

/// <summary>
/// Ticket ids that are easy to read over the phone: the local date (yyMMdd), a dash and four
/// Crockford base32 characters (no I, L, O, U), e.g. <c>261128-K7QF</c>.
/// Four characters give about a million ids a day; the store rejects collisions and the caller retries.
/// </summary>
public static class TicketId
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        Span<char> suffix = stackalloc char[4];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return $"{local:yyMMdd}-{suffix}";
    }

    /// <summary>
    /// Reads an id the way people type it: any case, with or without the dash or spaces,
    /// and with the letters Crockford base32 treats as digits (O→0, I/L→1).
    /// </summary>
    public static bool TryNormalize(string? input, out string id)
    {
        id = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > 32)
        {
            return false;
        }
        Span<char> chars = stackalloc char[10];
        var count = 0;
        foreach (var raw in input)
        {
            if (raw is '-' or ' ' or '_' or '\u3000')
            {
                continue;
            }
            if (count == chars.Length)
            {
                return false;
            }
            var c = char.ToUpperInvariant(raw);
            c = c switch { 'O' => '0', 'I' or 'L' => '1', _ => c };
            var isDatePart = count < 6;
            if (isDatePart ? !char.IsAsciiDigit(c) : !Alphabet.Contains(c))
            {
                return false;
            }
            chars[count++] = c;
        }
        if (count != chars.Length)
        {
            return false;
        }
        id = $"{chars[..6]}-{chars[6..]}";
        return true;
    }
}
