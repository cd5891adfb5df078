using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

/// <summary>Bad input gets a clear 4xx problem+json, never a 500, and nothing is stored.</summary>
public sealed class MalformedRequestTests : IAsyncLifetime
{
    private TestDesk _desk = null!;

    public async Task InitializeAsync() => _desk = await TestDesk.StartAsync();

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private const string Valid = """{"community":"sunshine-garden","kind":"repair","building":"3","room":"501","name":"王女士","phone":"13800138000","description":"漏水"}""";

    public static TheoryData<string, string, string, int, string?> Corpus => new()
    {
        { "malformed JSON", "application/json", """{"community":"sunshine-garden",""", 400, null },
        { "not JSON at all", "application/json", "hello", 400, null },
        { "empty body", "application/json", "", 400, null },
        { "JSON null", "application/json", "null", 400, null },
        { "an array", "application/json", "[1,2,3]", 400, null },
        { "a number for the phone", "application/json", Valid.Replace("\"13800138000\"", "13800138000", StringComparison.Ordinal), 400, "phone" },
        { "a string for emergency", "application/json", Valid.Replace("}", ",\"emergency\":\"yes\"}", StringComparison.Ordinal), 400, "emergency" },
        { "an object for the room", "application/json", Valid.Replace("\"501\"", "{\"n\":1}", StringComparison.Ordinal), 400, "room" },
        { "a bad phone", "application/json", Valid.Replace("13800138000", "12345", StringComparison.Ordinal), 400, "phone" },
        { "a 5000-character description", "application/json", Valid.Replace("漏水", new string('漏', 5000), StringComparison.Ordinal), 400, "description" },
        { "an oversized body", "application/json", Valid.Replace("漏水", new string('x', 17 * 1024), StringComparison.Ordinal), 413, null },
        { "form encoding", "application/x-www-form-urlencoded", "community=x", 415, null },
        { "deeply nested JSON", "application/json", new string('[', 2000) + new string(']', 2000), 400, null },
        { "invalid UTF-8", "application/json", "{\"name\":\"\uFFFD\"}", 400, null },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Bad_submissions_get_a_clear_problem_and_store_nothing(string why, string contentType, string body, int status, string? field)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await _desk.Client.PostAsync("/api/tickets", content);

        Assert.True(status == (int)response.StatusCode, $"{why}: expected {status}, got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{why}: no error for {field}");
        }
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Field_errors_follow_the_callers_language()
    {
        var body = JsonSerializer.Deserialize<System.Text.Json.Nodes.JsonObject>(Valid)!;
        body["phone"] = "12345";
        using var english = await Owners.SubmitAsync(_desk.Client, body, language: "en-US,en;q=0.9");
        Assert.Contains("mobile number", (await Owners.JsonAsync(english)).GetProperty("errors").GetProperty("phone")[0].GetString());
        using var chinese = await Owners.SubmitAsync(_desk.Client, body);
        Assert.Contains("手机号", (await Owners.JsonAsync(chinese)).GetProperty("errors").GetProperty("phone")[0].GetString());
    }

    [Fact]
    public async Task An_overlong_idempotency_key_is_refused()
    {
        var body = JsonSerializer.Deserialize<System.Text.Json.Nodes.JsonObject>(Valid)!;
        using var response = await Owners.SubmitAsync(_desk.Client, body, new string('k', 65));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Unknown_api_paths_are_404_problems()
    {
        using var response = await _desk.Client.GetAsync("/api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task AssertNothingStoredAsync()
    {
        await foreach (var row in _desk.Storage.Table("Tickets").QueryAsync<TableEntity>(maxPerPage: 1))
        {
            Assert.Fail($"Unexpected row {row.RowKey}");
        }
    }
}
