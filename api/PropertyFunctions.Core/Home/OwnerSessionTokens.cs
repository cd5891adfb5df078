using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PropertyFunctions.Core.Home;

/// <summary>
/// The owner's session cookie and the hashes of sign-in codes, both keyed by Desk:OwnerSessions:Key. A cookie is
/// "{id}.{mac}": a random session id and its HMAC, so a made-up or altered cookie is refused before any storage read; the id
/// names the stored session, so sign-out (deleting it) ends the session everywhere.
/// </summary>
public sealed class OwnerSessionTokens
{
    private const int MacBytes = 16;
    private readonly byte[] _key;

    public OwnerSessionTokens(byte[] key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The owner session key must be at least 32 bytes.", nameof(key));
        }
        _key = key;
    }

    public static string NewSessionId() => Base64Url(RandomNumberGenerator.GetBytes(16));

    public string Cookie(string sessionId) => sessionId + "." + Base64Url(Mac("session:" + sessionId)[..MacBytes]);

    /// <summary>The session id a cookie names, or null when it is not one this desk signed (compared in constant time).</summary>
    public string? SessionId(string? cookie)
    {
        if (string.IsNullOrEmpty(cookie) || cookie.Length > 100)
        {
            return null;
        }
        var dot = cookie.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return null;
        }
        var id = cookie[..dot];
        var expected = Encoding.ASCII.GetBytes(Cookie(id));
        var given = Encoding.ASCII.GetBytes(cookie);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? id : null;
    }

    /// <summary>A six-digit code derived from the request's random id, so a redelivered request texts the same code once.</summary>
    public string CodeFor(string requestId)
    {
        var mac = Mac("code:" + requestId);
        var value = BitConverter.ToUInt32(mac, 0) % 1_000_000;
        return value.ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>The stored form of a code: HMAC of community, phone and code, so a leaked row reveals no code and fits no other phone.</summary>
    public string HashCode(string community, string phone, string code) => Convert.ToHexString(Mac($"owner-code:{community}:{phone}:{code}"));

    /// <summary>True when <paramref name="code"/> hashes to <paramref name="hash"/>, compared in constant time.</summary>
    public bool CodeMatches(string community, string phone, string code, string hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashCode(community, phone, code)), Encoding.ASCII.GetBytes(hash));

    private byte[] Mac(string text) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text));

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
