using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PropertyFunctions.Integration.Tests;

/// <summary>Helpers that act as an owner's client of the HTTP contract.</summary>
public static class Owners
{
    public static JsonObject Repair(string description = "5号楼门口的路灯坏了", string phone = "13800138000") => new()
    {
        ["community"] = "sunshine-garden",
        ["kind"] = "repair",
        ["building"] = "5",
        ["unit"] = "1",
        ["room"] = "302",
        ["name"] = "李先生",
        ["phone"] = phone,
        ["description"] = description,
    };

    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, JsonObject body, string? idempotencyKey = null,
        string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static async Task<JsonElement> ViewAsync(HttpClient client, string id, string token)
    {
        using var response = await client.GetAsync($"/api/tickets/{id}?k={token}");
        response.EnsureSuccessStatusCode();
        return await JsonAsync(response);
    }
}
