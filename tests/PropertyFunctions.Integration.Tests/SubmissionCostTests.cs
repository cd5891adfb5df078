using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

/// <summary>
/// A submission's storage round trips on the request path (the performance target: at most 3), counted by the storage clients'
/// own pipeline against Azurite. Routing is switched off (AzureWebJobs.RouteTicket.Disabled, as in Azure) so that only the
/// request's work is counted, and the clock is fake so no timer runs; the other triggers' polls are left out of the count.
/// </summary>
public sealed class SubmissionCostTests : IAsyncLifetime
{
    private readonly StorageRequestCounter _requests = new();
    private TestDesk _desk = null!;

    public async Task InitializeAsync() => _desk = await TestDesk.StartAsync(new Dictionary<string, string?>
    {
        ["AzureWebJobs.RouteTicket.Disabled"] = "true",
        ["Desk:RateLimits:PerPhonePerHour"] = "2",
    }, fakeTimeStart: new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero), services: s => s.AddSingleton<global::Azure.Core.Pipeline.HttpPipelinePolicy>(_requests));

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    [Fact]
    public async Task A_submission_is_three_storage_requests_with_or_without_a_key_and_an_emergency_too()
    {
        // The first one also reads the community and reserves a block of 32 ids: once per instance, community and day.
        (await Owners.SubmitAsync(_desk.Client, Owners.Repair("路灯坏了", "13800000001"))).EnsureSuccessStatusCode();

        foreach (var (body, key) in new[]
        {
            (Owners.Repair("5号楼门口的路灯坏了", "13800000002"), Guid.NewGuid().ToString()),
            (Owners.Repair("3号楼的门禁坏了", "13800000003"), null),
            (Owners.Repair("电梯困人了，快来", "13800000004"), Guid.NewGuid().ToString()),
        })
        {
            _requests.Reset();
            using var response = await Owners.SubmitAsync(_desk.Client, body, key);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            // The ticket with its first history entry and its claim; both rate-limit windows; the route message. (The other
            // triggers' queue polls run meanwhile: receives are left out.)
            Assert.Equal(3, _requests.Total - _requests.ByKind.Where(k => k.Key.StartsWith("queue GET", StringComparison.Ordinal)).Sum(k => k.Value));
            Assert.Equal(2, _requests.ByKind.Where(k => k.Key.EndsWith("$batch", StringComparison.Ordinal) || k.Key.Contains("RateLimits", StringComparison.Ordinal)).Sum(k => k.Value));
            Assert.Equal(1, _requests.ByKind.Single(k => k.Key.StartsWith("queue POST", StringComparison.Ordinal)).Value);
        }
    }

    [Fact]
    public async Task A_retry_gets_the_first_ticket_and_a_refused_submission_leaves_nothing_stored()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await Owners.SubmitAsync(_desk.Client, Owners.Repair("路灯坏了", "13900000001"), key);
        using var retry = await Owners.SubmitAsync(_desk.Client, Owners.Repair("路灯坏了", "13900000001"), key);
        var id = (await Owners.JsonAsync(first)).GetProperty("id").GetString();
        Assert.Equal(id, (await Owners.JsonAsync(retry)).GetProperty("id").GetString());

        // The retry did not count against the phone's limit of 2: one more goes through, the next is refused and removed.
        (await Owners.SubmitAsync(_desk.Client, Owners.Repair("门禁坏了", "13900000001"))).EnsureSuccessStatusCode();
        var refusedKey = Guid.NewGuid().ToString();
        using var refused = await Owners.SubmitAsync(_desk.Client, Owners.Repair("水管漏水", "13900000001"), refusedKey);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        var rows = new List<string>();
        await foreach (var row in _desk.Storage.Table("Tickets").QueryAsync<TableEntity>(select: ["RowKey", "Phone", "Description"]))
        {
            rows.Add(row.RowKey + " " + row.GetString("Description"));
        }
        Assert.DoesNotContain(rows, r => r.Contains("水管漏水", StringComparison.Ordinal));
        Assert.Single(rows, r => r.StartsWith(TableTicketStore.ClaimPrefix, StringComparison.Ordinal)); // the refused one's claim went with it
    }
}
