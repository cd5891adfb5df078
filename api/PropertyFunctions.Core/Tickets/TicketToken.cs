using System.Security.Cryptography;
using System.Text;

namespace PropertyFunctions.Core.Tickets;

/// <summary>
/// The owner's access token for one ticket: HMAC-SHA256 of the id under the desk's secret,
/// truncated to 128 bits and base64url-encoded (22 characters). Nothing is stored: any SMS link
/// can be rebuilt from the id, and rotating the secret revokes every link at once.
/// </summary>
public sealed class TicketToken
{
    private const int TokenBytes = 16;
    private readonly byte[] _key;

    public TicketToken(byte[] key)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The token key must be at least 32 bytes.", nameof(key));
        }
        _key = key;
    }

    public string For(string ticketId) => Base64Url(Mac(ticketId));

    public bool Verify(string ticketId, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length != 22)
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(For(ticketId));
        var given = Encoding.ASCII.GetBytes(token);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private byte[] Mac(string ticketId) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("ticket:" + ticketId))[..TokenBytes];

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
