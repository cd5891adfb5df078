using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PropertyFunctions.Azure.Sms;

/// <summary>
/// Signs a request the way Azure Communication Services checks it with an access key:
/// HMAC-SHA256 (key = the base64-decoded access key) over
/// <c>VERB\n{path and query}\n{x-ms-date};{host};{x-ms-content-sha256}</c>, where host is the URL's
/// authority (with a non-default port) and the content hash is the base64 SHA-256 of the exact body bytes.
/// </summary>
public static class AcsHmacSigner
{
    public const string SignedHeaders = "x-ms-date;host;x-ms-content-sha256";

    /// <summary>Adds <c>x-ms-date</c>, <c>x-ms-content-sha256</c> and <c>Authorization</c> to <paramref name="request"/>.</summary>
    /// <param name="body">The bytes that will be sent, byte for byte (empty for no body).</param>
    public static void Sign(HttpRequestMessage request, ReadOnlySpan<byte> body, byte[] key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new ArgumentException("The request needs an absolute URI.", nameof(request));
        var date = FormatDate(now);
        var contentHash = ContentHash(body);
        var signature = Signature(key, StringToSign(request.Method.Method, uri, date, contentHash));
        request.Headers.Remove("x-ms-date");
        request.Headers.Remove("x-ms-content-sha256");
        request.Headers.TryAddWithoutValidation("x-ms-date", date);
        request.Headers.TryAddWithoutValidation("x-ms-content-sha256", contentHash);
        // TryAddWithoutValidation: the value has '=' and '&' that the typed header parser would reject.
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", AuthorizationHeader(signature));
    }

    /// <summary>RFC 1123 ("r") in UTC, e.g. <c>Sat, 28 Nov 2026 02:00:00 GMT</c>.</summary>
    public static string FormatDate(DateTimeOffset time) => time.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);

    public static string ContentHash(ReadOnlySpan<byte> body) => Convert.ToBase64String(SHA256.HashData(body));

    /// <summary>Host is the authority as the client sends it in the Host header: "name.communication.azure.com" or "127.0.0.1:5123".</summary>
    public static string StringToSign(string method, Uri uri, string date, string contentHash)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return $"{method.ToUpperInvariant()}\n{uri.PathAndQuery}\n{date};{uri.Authority};{contentHash}";
    }

    public static string Signature(byte[] key, string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));

    public static string AuthorizationHeader(string signature) => $"HMAC-SHA256 SignedHeaders={SignedHeaders}&Signature={signature}";
}
