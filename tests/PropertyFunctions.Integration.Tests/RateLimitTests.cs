using System.Net;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

public sealed class RateLimitTests : IAsyncLifetime
{
    private TestDesk _desk = null!;

    public async Task InitializeAsync() => _desk = await TestDesk.StartAsync(new Dictionary<string, string?>
    {
        ["Desk:RateLimits:PerPhonePerHour"] = "2",
        ["Desk:RateLimits:PerAddressPerHour"] = "4",
    });

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    [Fact]
    public async Task Too_many_submissions_get_429_with_retry_after_but_an_emergency_always_gets_through()
    {
        Assert.Equal(HttpStatusCode.Created, (await Owners.SubmitAsync(_desk.Client, Owners.Repair("灯坏了", "13600136000"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Owners.SubmitAsync(_desk.Client, Owners.Repair("灯又坏了", "13600136000"))).StatusCode);

        using var limited = await Owners.SubmitAsync(_desk.Client, Owners.Repair("灯还是坏的", "13600136000"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = limited.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Contains("400-800-1234", (await Owners.JsonAsync(limited)).GetProperty("detail").GetString());

        using var emergency = await Owners.SubmitAsync(_desk.Client, Owners.Repair("厨房着火了", "13600136000"));
        Assert.Equal(HttpStatusCode.Created, emergency.StatusCode);
    }

    [Fact]
    public async Task The_client_address_is_limited_across_phones()
    {
        using var client = _desk.NewClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9:50123");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await Owners.SubmitAsync(client, Owners.Repair($"第{i}件事", $"1350013500{i}"));
            statuses.Add(response.StatusCode);
        }
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
    }
}
