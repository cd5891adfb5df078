using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace PropertyFunctions.Hooks;

/// <summary>
/// Read-only calls to Azure Resource Manager with the deployer's azd sign-in. The endpoint is the public cloud's
/// unless <c>AZURE_ARM_ENDPOINT</c> names another (another Azure cloud, or a test's loopback server).
/// </summary>
public sealed class Arm : IDisposable
{
    private readonly HttpClient _http;

    private Arm(HttpClient http) => _http = http;

    public static Arm Connect(Azd azd)
    {
        var endpoint = new Uri(Azd.Get("AZURE_ARM_ENDPOINT") ?? "https://management.azure.com/");
        var http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", azd.Token(endpoint.GetLeftPart(UriPartial.Authority) + "/.default"));
        return new Arm(http);
    }

    /// <summary>The JSON answer to GET <paramref name="pathAndQuery"/>, or null when the resource (or its resource group) does not exist.</summary>
    public async Task<JsonElement?> GetAsync(string pathAndQuery)
    {
        using var response = await _http.GetAsync(pathAndQuery);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new HookException($"Azure answered {(int)response.StatusCode} to GET {pathAndQuery.Split('?')[0]}: {Message(body)}");
        }
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }

    /// <summary>Every item of a list answer, following <c>nextLink</c>.</summary>
    public async Task<List<JsonElement>> ListAsync(string pathAndQuery)
    {
        var items = new List<JsonElement>();
        for (string? next = pathAndQuery; next is not null;)
        {
            var page = await GetAsync(next);
            if (page is not { } body)
            {
                break;
            }
            items.AddRange(Json.Items(body, "value"));
            next = Json.Text(body, "nextLink");
        }
        return items;
    }

    private static string Message(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return Json.Text(Json.Prop(json.RootElement, "error"), "message") ?? body;
        }
        catch (JsonException)
        {
            return body;
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>Reading Azure's JSON, whose property names differ in casing between APIs.</summary>
public static class Json
{
    public static JsonElement? Prop(JsonElement? element, string name)
    {
        if (element is not { ValueKind: JsonValueKind.Object } value)
        {
            return null;
        }
        foreach (var property in value.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }
        return null;
    }

    public static string? Text(JsonElement? element, string name) =>
        Prop(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static IEnumerable<JsonElement> Items(JsonElement? element, string name) =>
        Prop(element, name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];
}
