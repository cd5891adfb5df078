using System.Net;
using Azure.Data.Tables;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

public sealed class IntakeTests : IAsyncLifetime
{
    private TestDesk _desk = null!;

    // 10:00 in Shanghai: office hours, so behaviour does not depend on when the tests run.
    public async Task InitializeAsync() => _desk = await TestDesk.StartAsync(fakeTimeStart: new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    [Fact]
    public async Task A_submitted_ticket_is_stored_routed_and_visible_with_its_token()
    {
        using var response = await Owners.SubmitAsync(_desk.Client, Owners.Repair("5号楼门口的路灯坏了好几天"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await Owners.JsonAsync(response);
        var id = receipt.GetProperty("id").GetString()!;
        var token = receipt.GetProperty("token").GetString()!;
        Assert.Matches("^[0-9]{6}-[0-9A-Z]{4}$", id);
        Assert.Equal("received", receipt.GetProperty("status").GetString());
        Assert.False(receipt.GetProperty("emergency").GetBoolean());
        Assert.EndsWith($"/track.html?id={id}&k={token}", receipt.GetProperty("trackingUrl").GetString());
        Assert.Equal($"/api/tickets/{id}?k={token}", response.Headers.Location!.OriginalString);

        var view = await TestDesk.EventuallyAsync(() => Owners.ViewAsync(_desk.Client, id, token),
            v => v.TryGetProperty("department", out _));
        Assert.Equal("engineering", view.GetProperty("department").GetString());
        Assert.Equal("+86*******8000", view.GetProperty("phoneMasked").GetString());
        Assert.DoesNotContain("13800138000", view.GetRawText());
        // The classification is an internal note: the owner sees only the public acknowledgement.
        var history = Assert.Single(view.GetProperty("history").EnumerateArray());
        Assert.Equal("received", history.GetProperty("to").GetString());
    }

    [Fact]
    public async Task The_id_is_read_forgivingly_but_a_wrong_token_or_unknown_id_is_404()
    {
        var receipt = await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, Owners.Repair()));
        var id = receipt.GetProperty("id").GetString()!;
        var token = receipt.GetProperty("token").GetString()!;

        using var lowercase = await _desk.Client.GetAsync($"/api/tickets/{id.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant()}?k={token}");
        Assert.Equal(HttpStatusCode.OK, lowercase.StatusCode);

        foreach (var url in new[] { $"/api/tickets/{id}?k=AAAAAAAAAAAAAAAAAAAAAA", $"/api/tickets/{id}", "/api/tickets/991231-ZZZZ?k=" + token })
        {
            using var missing = await _desk.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task An_emergency_is_recognised_from_the_text_and_acknowledged_with_the_emergency_line()
    {
        var receipt = await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, Owners.Repair("电梯困人了，3栋2单元电梯卡在5楼")));
        Assert.True(receipt.GetProperty("emergency").GetBoolean());
        Assert.Contains("400-800-1234", receipt.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_same_idempotency_key_gives_one_ticket_and_a_different_body_is_422()
    {
        var key = Guid.NewGuid().ToString();
        var body = Owners.Repair("楼道灯不亮", phone: "13900139000");
        var first = await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, body, key));
        using var again = await Owners.SubmitAsync(_desk.Client, body, key);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(first.GetRawText(), (await Owners.JsonAsync(again)).GetRawText());

        using var different = await Owners.SubmitAsync(_desk.Client, Owners.Repair("另一件事", phone: "13900139000"), key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.StatusCode);
        Assert.Equal(1, await CountTicketsAsync("+8613900139000"));
    }

    [Fact]
    public async Task A_burst_of_retries_with_one_key_still_makes_one_ticket()
    {
        var key = Guid.NewGuid().ToString();
        var body = Owners.Repair("地下车库的灯全灭了", phone: "13700137000");
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Owners.SubmitAsync(_desk.Client, body, key)));
        // Each answer is the ticket, or 409 "still in progress" while the first request is storing it.
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        using var retry = await Owners.SubmitAsync(_desk.Client, body, key);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var ids = await Task.WhenAll(responses.Where(r => r.StatusCode == HttpStatusCode.Created)
            .Append(retry).Select(async r => (await Owners.JsonAsync(r)).GetProperty("id").GetString()));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await CountTicketsAsync("+8613700137000"));
    }

    [Fact]
    public async Task A_redelivered_route_message_changes_nothing()
    {
        var receipt = await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, Owners.Repair("楼道垃圾没人清理")));
        var id = receipt.GetProperty("id").GetString()!;
        var token = receipt.GetProperty("token").GetString()!;
        await TestDesk.EventuallyAsync(() => Owners.ViewAsync(_desk.Client, id, token), v => v.TryGetProperty("department", out _));
        var before = await _desk.Storage.Table("Tickets").GetEntityAsync<TableEntity>("sunshine-garden", id);

        await _desk.RunFunctionAsync("RouteTicket", $$"""{"community":"sunshine-garden","ticketId":"{{id}}"}""");

        var after = await _desk.Storage.Table("Tickets").GetEntityAsync<TableEntity>("sunshine-garden", id);
        Assert.Equal(before.Value.ETag, after.Value.ETag);
        Assert.Equal(before.Value.GetInt32("HistoryCount"), after.Value.GetInt32("HistoryCount"));
        Assert.Equal("cleaning", after.Value.GetString("Department"));
    }

    private async Task<int> CountTicketsAsync(string phone)
    {
        var rows = _desk.Storage.Table("Tickets").QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {"sunshine-garden"} and Phone eq {phone}"));
        var count = 0;
        await foreach (var _ in rows)
        {
            count++;
        }
        return count;
    }
}
