using System.Security.Cryptography;
using System.Text;

namespace PropertyFunctions.Core.Common;

/// <summary>
/// A keyed (salted) hash of a phone number or an address, for rows that must recognise a person without holding them in
/// clear: rate-limit windows, the opt-out kept after an erasure, the privacy audit. HMAC-SHA-256 with a key derived from
/// <c>Desk__TokenKey</c>, so a table read on its own cannot be turned back into numbers by trying every phone.
/// </summary>
public sealed class PersonalHash
{
    private readonly byte[] _key;

    public PersonalHash(byte[] secret) => _key = HMACSHA256.HashData(secret, "personal-hash"u8);

    /// <summary>32 hex characters: enough to never collide between people, short enough for a key.</summary>
    public string Of(string purpose, string value) =>
        Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(purpose + ":" + value)))[..32].ToLowerInvariant();
}
