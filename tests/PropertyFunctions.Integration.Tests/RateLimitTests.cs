using System.Net;
using Microsoft.Extensions.Configuration;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Common;
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

    /// <summary>Two app instances over one table, as when the Function app scales out; each counts its own storage requests.</summary>
    private static async Task<(IRateLimiter A, IRateLimiter B, StorageRequestCounter CountA)> TwoInstancesAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageClients.Setting] = await SharedAzurite.GetConnectionStringAsync(),
            ["Storage:Prefix"] = "rl" + Guid.NewGuid().ToString("N")[..8],
        }).Build();
        var counter = new StorageRequestCounter();
        var a = new StorageClients(configuration, counter);
        await a.Table("RateLimits").CreateIfNotExistsAsync();
        counter.Reset();
        var hash = new PersonalHash(new byte[32]);
        return (new TableRateLimiter(a, hash), new TableRateLimiter(new StorageClients(configuration), hash), counter);
    }

    [Fact]
    public async Task A_parallel_burst_from_two_instances_gets_exactly_the_limit_through()
    {
        var (a, b, _) = await TwoInstancesAsync();
        var window = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? a : b).TryAcquireAsync("addr:203.0.113.7", 10, window, default)));

        Assert.Equal(10, results.Count(granted => granted));
        Assert.False(await a.TryAcquireAsync("addr:203.0.113.7", 10, window, default));
        Assert.False(await b.TryAcquireAsync("addr:203.0.113.7", 10, window, default));
        Assert.True(await a.TryAcquireAsync("addr:203.0.113.7", 10, window.AddHours(1), default)); // a new window
    }

    [Fact]
    public async Task A_hit_is_one_conditional_write_and_a_full_window_is_refused_from_memory()
    {
        var (a, b, requests) = await TwoInstancesAsync();
        var window = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

        for (var i = 0; i < 5; i++)
        {
            Assert.True(await a.TryAcquireAsync("phone:+8613800138000", 6, window, default));
        }
        Assert.Equal(5, requests.Total); // one insert each, no count

        Assert.True(await b.TryAcquireAsync("phone:+8613800138000", 6, window, default)); // the other instance learns the count once
        requests.Reset();
        Assert.False(await a.TryAcquireAsync("phone:+8613800138000", 6, window, default)); // slot 6 taken: one insert, one count
        Assert.False(await a.TryAcquireAsync("phone:+8613800138000", 6, window, default));
        Assert.Equal(2, requests.Total); // and the next refusal asks storage nothing
    }

    [Fact]
    public async Task Two_limits_are_one_request_all_or_none_and_exact_under_a_parallel_burst()
    {
        var (a, b, requests) = await TwoInstancesAsync();
        var window = new DateTimeOffset(2026, 12, 2, 11, 0, 0, TimeSpan.Zero);
        RateLimit[] Limits(int phone) => [new RateLimit("addr:198.51.100.9", 8), new RateLimit($"phone:+86139000000{phone:D2}", 3)];

        Assert.Null(await a.TryAcquireAllAsync(Limits(1), window, default));
        Assert.Equal(1, requests.Total); // both windows, one transaction

        // Phone 1 has two hits left and the address seven: a burst of 20 over both instances gets exactly two through.
        var burst = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? a : b).TryAcquireAllAsync(Limits(1), window, default)));
        Assert.Equal(2, burst.Count(refused => refused is null));
        Assert.All(burst.Where(r => r is not null), r => Assert.StartsWith("phone:", r!.Subject));

        // A refusal by the phone counted nothing against the address: five other phones get the address's last five hits.
        for (var phone = 2; phone <= 6; phone++)
        {
            Assert.Null(await (phone % 2 == 0 ? a : b).TryAcquireAllAsync(Limits(phone), window, default));
        }
        Assert.Equal("addr:198.51.100.9", (await a.TryAcquireAllAsync(Limits(7), window, default))?.Subject);
    }

    [Fact]
    public async Task A_budget_is_taken_in_chunks_and_never_exceeded_across_instances()
    {
        var (a, b, requests) = await TwoInstancesAsync();
        var window = new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

        // A community's 300 SMS an hour, asked for 400 times from two instances at once.
        var granted = await Task.WhenAll(Enumerable.Range(0, 400).Select(i =>
            (i % 2 == 0 ? a : b).TryAcquireFromBudgetAsync("sms-budget:sunshine-garden", 300, window, default)));

        Assert.InRange(granted.Count(g => g), 300 - 2 * 9, 300); // at most one part-spent chunk per instance is left over
        Assert.InRange(requests.Total, 10, 60); // chunks of 10: one insert per 10 SMS (and the odd conflict), not 200
        Assert.False(await a.TryAcquireFromBudgetAsync("sms-budget:sunshine-garden", 300, window, default));
    }
}
