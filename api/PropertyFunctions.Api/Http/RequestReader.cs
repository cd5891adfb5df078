using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Api.Http;

/// <summary>A JSON body read at the edge: the value and the hash of its bytes, or the problem to answer.</summary>
public sealed record JsonBody<T>(T? Value, string BodyHash, ApiResult? Problem);

/// <summary>Reads request bodies defensively: size cap, content type, malformed JSON and wrong types all become 4xx.</summary>
public static class RequestReader
{
    public const int MaxBodyBytes = 16 * 1024;

    public static string LanguageOf(HttpRequest request) => Language.From(request.Headers.AcceptLanguage);

    /// <summary>The language the caller asked for, or null when it did not say (a view then uses its own default).</summary>
    public static string? AskedLanguageOf(HttpRequest request) => request.Headers.AcceptLanguage.Count == 0 ? null : LanguageOf(request);

    public static async Task<JsonBody<T>> ReadJsonAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        var language = LanguageOf(request);
        if (request.ContentLength > MaxBodyBytes)
        {
            return Fail<T>(Problem.Of(StatusCodes.Status413PayloadTooLarge, "too_large", language));
        }
        if (!IsJson(request.ContentType))
        {
            return Fail<T>(Problem.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported_media", language));
        }

        var bytes = await ReadCappedAsync(request.Body, MaxBodyBytes, ct);
        if (bytes is null)
        {
            return Fail<T>(Problem.Of(StatusCodes.Status413PayloadTooLarge, "too_large", language));
        }
        var hash = Convert.ToHexString(SHA256.HashData(bytes));
        try
        {
            var value = bytes.Length == 0 ? null : JsonSerializer.Deserialize<T>(bytes, ApiResult.Json);
            return value is null
                ? Fail<T>(Problem.Of(StatusCodes.Status400BadRequest, "malformed", language))
                : new JsonBody<T>(value, hash, null);
        }
        catch (JsonException ex) when (FieldOf(ex.Path) is { } field && ex.InnerException is null or InvalidOperationException or FormatException)
        {
            // The JSON parsed but a value has the wrong type, e.g. "phone": 13800138000.
            return Fail<T>(Problem.Validation([new FieldError(field, "wrong_type")], language));
        }
        catch (JsonException)
        {
            return Fail<T>(Problem.Of(StatusCodes.Status400BadRequest, "malformed", language));
        }
    }

    /// <summary>
    /// The client's address for rate limiting: the right-most X-Forwarded-For entry (added by the platform's front end, with
    /// a port: "1.2.3.4:5678" or "[2001:db8::1]:5678"), else the socket's. A malformed entry falls back to the socket, never
    /// to an error. IPv6 clients are limited per /64, the block one subscriber gets, so rotating addresses inside it does not help.
    /// </summary>
    public static string ClientAddress(HttpRequest request)
    {
        var forwarded = request.Headers["X-Forwarded-For"].ToString();
        var address = forwarded.Length is > 0 and <= 1024 && Parse(forwarded.Split(',')[^1].Trim()) is { } parsed
            ? parsed
            : request.HttpContext.Connection.RemoteIpAddress;
        return address is null ? "unknown" : LimitKey(address);
    }

    private static System.Net.IPAddress? Parse(string entry)
    {
        if (System.Net.IPEndPoint.TryParse(entry, out var endpoint))
        {
            return endpoint.Address;
        }
        return System.Net.IPAddress.TryParse(entry.Trim('[', ']'), out var address) ? address : null;
    }

    private static string LimitKey(System.Net.IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new System.Net.IPAddress(bytes) + "/64";
    }

    private static JsonBody<T> Fail<T>(ApiResult problem) where T : class => new(null, "", problem);

    public static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Split(';')[0].EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads at most <paramref name="max"/> bytes; null when the body is longer (a chunked body has no Content-Length).</summary>
    public static async Task<byte[]?> ReadCappedAsync(Stream body, int max, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(max + 1);
        try
        {
            var total = 0;
            int read;
            while (total <= max && (read = await body.ReadAsync(buffer.AsMemory(total, max + 1 - total), ct)) > 0)
            {
                total += read;
            }
            return total > max ? null : buffer.AsSpan(0, total).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>"$.otherParty.room" → "otherParty.room"; null for the root or an unknown position.</summary>
    private static string? FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$" || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return null;
        }
        return path[2..];
    }
}
