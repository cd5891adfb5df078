using System.Net.Http.Json;
using System.Text.Json;
using PropertyFunctions.LocalHost;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

/// <summary>Staff as the tests see them: signed in through the local host's development sign-in.</summary>
public static class StaffClients
{
    public const string Roster = """
        community,name,phone,department,role,onCall,shifts
        sunshine-garden,张师傅,13900000001,engineering,staff,true,
        sunshine-garden,李师傅,13900000002,engineering,staff,false,08:00-17:00
        sunshine-garden,夜班刘,13900000005,engineering,staff,false,20:00-08:00
        sunshine-garden,赵保安,13900000003,security,staff,true,00:00-23:59
        sunshine-garden,钱阿姨,13900000006,cleaning,staff,false,07:00-15:00
        sunshine-garden,王主管,13900000004,service,supervisor,true,
        """;

    public static async Task<HttpClient> SignInAsync(TestDesk desk, string name, params string[] roles)
    {
        var client = desk.NewClient();
        using var response = await client.PostAsJsonAsync("/.auth/login/dev", new { key = DevSignIn.DefaultKey, name, roles });
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>A ticket's staff view and its ETag (for If-Match).</summary>
    public static async Task<(JsonElement Body, string ETag)> ViewAsync(HttpClient staff, string id)
    {
        using var response = await staff.GetAsync($"/api/staff/tickets/{id}");
        response.EnsureSuccessStatusCode();
        return (await Owners.JsonAsync(response), response.Headers.ETag!.ToString());
    }

    /// <summary>Posts a console action guarded by <paramref name="etag"/>.</summary>
    public static async Task<HttpResponseMessage> ActAsync(HttpClient staff, string id, string etag, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/staff/tickets/{id}/actions") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return await staff.SendAsync(request);
    }

    public static async Task ImportRosterAsync(TestDesk desk, string csv = Roster)
    {
        using var admin = await SignInAsync(desk, "admin", "admin");
        using var content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
        using var response = await admin.PutAsync("/api/staff/roster", content);
        response.EnsureSuccessStatusCode();
    }
}
