using System.Security.Cryptography;
using PropertyFunctions.Core.Tickets;

namespace PropertyFunctions.Core.Tests;

public class TicketTokenTests
{
    private readonly TicketToken _tokens = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Token_is_128_bits_base64url_and_verifies()
    {
        var token = _tokens.For("261128-K7QF");
        Assert.Equal(22, token.Length); // 16 bytes = 128 bits
        Assert.Matches("^[A-Za-z0-9_-]{22}$", token);
        Assert.True(_tokens.Verify("261128-K7QF", token));
    }

    [Fact]
    public void Token_is_stable_for_an_id_and_differs_between_ids() =>
        Assert.NotEqual(_tokens.For("261128-K7QF"), _tokens.For("261128-K7QG"));

    [Fact]
    public void Another_key_or_ticket_does_not_verify()
    {
        var token = _tokens.For("261128-K7QF");
        Assert.False(new TicketToken(RandomNumberGenerator.GetBytes(32)).Verify("261128-K7QF", token));
        Assert.False(_tokens.Verify("261128-K7QG", token));
        Assert.False(_tokens.Verify("261128-K7QF", null));
        Assert.False(_tokens.Verify("261128-K7QF", token[..21] + (token[21] == 'A' ? 'B' : 'A')));
    }

    [Fact]
    public void Short_keys_are_refused() => Assert.Throws<ArgumentException>(() => new TicketToken(new byte[16]));
}
