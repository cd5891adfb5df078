using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace PropertyFunctions.Core.Common;

/// <summary>
/// The 10-character codes in SMS links (<c>/t/</c>, <c>/w/</c>, <c>/e/</c>): base64url of an HMAC of what the link opens under
/// the desk's secret. They cannot be guessed, carry nothing readable, and the same thing always gets the same code, so a
/// resent SMS carries the same link.
/// </summary>
public static class ShortCodes
{
    public const int Length = 10;

    public static string For(byte[] key, string what) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(what)).AsSpan(0, 9))[..Length];

    /// <summary>Checked before any storage read: anything else is not a code and costs nothing.</summary>
    public static bool LooksLikeCode(string? code) =>
        code is { Length: Length } && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
