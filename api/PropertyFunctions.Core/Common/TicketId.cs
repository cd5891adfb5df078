using System.Security.Cryptography;

namespace PropertyFunctions.Core.Common;

/// <summary>
/// Ticket ids that are easy to read over the phone: the local date (yyMMdd), a dash and four
/// Crockford base32 characters (no I, L, O, U), e.g. <c>261128-K7QF</c>.
/// Four characters give about a million ids a day. Tickets take theirs from blocks (<see cref="NewBlock"/>): the first three
/// characters name a block of 32 ids that one instance reserves for one community with one write and then hands out from
/// memory, so a ticket's id costs no storage request of its own.
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

    /// <summary>The local date an id made now starts with (yyMMdd).</summary>
    public static string Day(DateTimeOffset now, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(now, zone).ToString("yyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A random block of the day: "yyMMdd-" and three characters, the first 10 characters of the 32 ids in it.</summary>
    public static string NewBlock(string day)
    {
        Span<char> block = stackalloc char[3];
        for (var i = 0; i < block.Length; i++)
        {
            block[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return $"{day}-{block}";
    }

    public const int BlockLength = 10;

    /// <summary>The 32 ids of a block, in random order (they are not secret, but need not tell how busy the desk is).</summary>
    public static string[] IdsOf(string block)
    {
        var ids = Alphabet.Select(c => block + c).ToArray();
        RandomNumberGenerator.Shuffle(ids.AsSpan());
        return ids;
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
