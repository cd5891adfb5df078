using System.Text;
using PropertyFunctions.Azure.Sms;

namespace PropertyFunctions.Integration.Tests.Sms;

/// <summary>
/// Fixed vectors worked out independently of this code (with openssl: sha256 of the body, then
/// HMAC-SHA256 with the key bytes 00..1f over the string to sign), so a change in the signing is caught.
/// </summary>
public class AcsHmacSignerTests
{
    // Not a secret: the bytes 0x00..0x1f, a published-style test vector.
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"from":"+18005550100","message":"hi"}""");
    private static readonly DateTimeOffset Date = new(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Known_vector_on_the_default_https_port()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://contoso.communication.azure.com/sms?api-version=2021-03-07");
        AcsHmacSigner.Sign(request, Body, Key, Date);

        Assert.Equal("Sat, 28 Nov 2026 02:00:00 GMT", Header(request, "x-ms-date"));
        Assert.Equal("bWQ1+Kau4t0WrcMV6hjr3+83fCOyO1oDv1AxwuUC+kc=", Header(request, "x-ms-content-sha256"));
        Assert.Equal(
            "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=o6kwONK15Uod5i43/T8/LAlWaUqGlOdgJSouBPbR0HM=",
            Header(request, "Authorization"));
    }

    [Fact]
    public void Known_vector_with_a_port_signs_the_port_in_the_host()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:5123/sms?api-version=2021-03-07");
        AcsHmacSigner.Sign(request, Body, Key, Date);

        Assert.EndsWith("&Signature=LCBiSu7DoQSxq/8ibXC7a1n0yfE0U6wmkshijO/e7Mw=", Header(request, "Authorization"));
    }

    [Fact]
    public void String_to_sign_has_the_documented_layout()
    {
        var text = AcsHmacSigner.StringToSign("post", new Uri("https://contoso.communication.azure.com:8443/sms?api-version=2021-03-07"), "D", "H");
        Assert.Equal("POST\n/sms?api-version=2021-03-07\nD;contoso.communication.azure.com:8443;H", text);
    }

    [Fact]
    public void Content_hash_of_an_empty_body_is_the_sha256_of_nothing()
    {
        Assert.Equal("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", AcsHmacSigner.ContentHash([]));
    }

    private static string Header(HttpRequestMessage request, string name) => string.Join(",", request.Headers.GetValues(name));
}
