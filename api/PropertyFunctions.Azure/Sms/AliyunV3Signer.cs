using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PropertyFunctions.Azure.Sms;

/// <summary>
/// Alibaba Cloud's V3 request signature, <c>ACS3-HMAC-SHA256</c>. The canonical request is
/// <code>
/// METHOD \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HashedPayload
/// </code>
/// where the query parameters are percent-encoded (RFC 3986: only <c>A–Z a–z 0–9 - _ . ~</c> stay as they are,
/// UTF-8, upper-case hex) and sorted by encoded name; the canonical headers are <c>host</c>, <c>content-type</c>
/// when present and every <c>x-acs-*</c> header, lower-case, sorted, one <c>name:value\n</c> each; and the payload
/// hash is the hex SHA-256 of the body (also sent as <c>x-acs-content-sha256</c>). The string to sign is
/// <c>ACS3-HMAC-SHA256\n</c> plus the hex SHA-256 of the canonical request, and the signature its hex HMAC-SHA256
/// under the AccessKey secret.
/// </summary>
public static class AliyunV3Signer
{
    public const string Algorithm = "ACS3-HMAC-SHA256";

    /// <summary>
    /// Signs an RPC-style call whose parameters travel in the query (as the official SDKs send them): sets the
    /// request URI to <paramref name="endpoint"/> with the canonical query, and adds the <c>x-acs-*</c> headers
    /// and <c>Authorization</c>. The body is empty.
    /// </summary>
    public static HttpRequestMessage Request(Uri endpoint, string action, string version, IEnumerable<KeyValuePair<string, string>> parameters,
        string accessKeyId, string accessKeySecret, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var query = CanonicalQuery(parameters);
        var uri = new Uri(endpoint, "/?" + query);
        var payloadHash = Hex(SHA256.HashData([]));
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.Authority,
            ["x-acs-action"] = action,
            ["x-acs-version"] = version,
            ["x-acs-date"] = FormatDate(now),
            ["x-acs-signature-nonce"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["x-acs-content-sha256"] = payloadHash,
        };
        var canonical = CanonicalRequest("POST", "/", query, headers, payloadHash);
        var signature = Signature(accessKeySecret, StringToSign(canonical));

        var request = new HttpRequestMessage(HttpMethod.Post, uri);
        foreach (var (name, value) in headers.Where(h => h.Key != "host"))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        // TryAddWithoutValidation: the typed Authorization parser would reject the commas and '=' in the value.
        request.Headers.TryAddWithoutValidation("Authorization",
            $"{Algorithm} Credential={accessKeyId},SignedHeaders={string.Join(';', headers.Keys)},Signature={signature}");
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    /// <summary>ISO 8601 in UTC to the second, e.g. <c>2026-11-28T02:00:00Z</c>.</summary>
    public static string FormatDate(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 3986 percent-encoding: unreserved characters stay, every other UTF-8 byte becomes <c>%XX</c>.</summary>
    public static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    /// <summary><c>name=value</c> pairs, both encoded, sorted by encoded name then value, joined with <c>&amp;</c>.</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters
            .Select(p => (Name: Encode(p.Key), Value: Encode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));

    /// <param name="signedHeaders">Lower-case names with their values, already sorted by name.</param>
    public static string CanonicalRequest(string method, string canonicalUri, string canonicalQuery,
        IEnumerable<KeyValuePair<string, string>> signedHeaders, string payloadHash)
    {
        var headers = signedHeaders.ToList();
        var canonicalHeaders = string.Concat(headers.Select(h => $"{h.Key}:{h.Value.Trim()}\n"));
        return $"{method}\n{canonicalUri}\n{canonicalQuery}\n{canonicalHeaders}\n{string.Join(';', headers.Select(h => h.Key))}\n{payloadHash}";
    }

    public static string StringToSign(string canonicalRequest) =>
        Algorithm + "\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));

    public static string Signature(string accessKeySecret, string stringToSign) =>
        Hex(HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKeySecret), Encoding.UTF8.GetBytes(stringToSign)));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
