using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.LocalHost;
using PropertyFunctions.Testing;
using Xunit.Abstractions;

namespace PropertyFunctions.Integration.Tests;

/// <summary>
/// Requests as an attacker or a broken client sends them, at every HTTP route the Function app declares (read from the
/// generated functions.metadata, so a new route is covered without touching this test): hostile path values, wrong types,
/// broken and oversized bodies, invalid UTF-8 and lone surrogates, odd headers and injection strings, anonymously and signed
/// in. The desk must answer every one without a 5xx, and store nothing that an invalid request asked for.
/// </summary>
public sealed class HostileRequestTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestDesk _desk = null!;

    public async Task InitializeAsync() => _desk = await TestDesk.StartAsync(new Dictionary<string, string?>
    {
        // Limits would turn the flood into 429s after twenty; this suite is about what the code makes of the content.
        ["Desk:RateLimits:PerAddressPerHour"] = "100000",
        ["Desk:RateLimits:PerPhonePerHour"] = "100000",
    });

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private static readonly List<BindingMetadata> Routes =
        FunctionCatalog.Read(System.IO.Path.Combine(AppContext.BaseDirectory, FunctionCatalog.FileName))
            .Select(f => f.Trigger).Where(t => t.Type == "httpTrigger").ToList();

    /// <summary>Values for path segments, query strings, fields and headers that have broken real systems.</summary>
    private static readonly string[] Nasty =
    [
        "", " ", "0", "-1", "99999999999999999999", "261128-K7QF", "AAAAAAAAAA", "'; DROP TABLE Tickets;--", "' OR '1'='1", "<script>alert(1)</script>",
        "{0}", "{{", "${id}", "${jndi:ldap://x/a}", "%s%n%x", "../../etc/passwd", "..\\..\\windows", "a/b?c#d", "\u0000", "\u202Etxt.exe", "😀",
        "\uD800", "王{女士", "$", "null", "true", "[]", "{}", new string('长', 3000), "sunshine-garden", "SUNSHINE-GARDEN", "x|y|z", "+86 138 0013 8000",
        "[abc", "::1]", "1.2.3.4, [", "999.999.999.999:99999", "[::1]:", ",,,,", "fe80::1%eth0",
    ];

    private static IEnumerable<(string Why, string Body, string ContentType)> Bodies()
    {
        yield return ("empty", "", "application/json");
        yield return ("not JSON", "hello", "application/json");
        yield return ("truncated", """{"community":"sunshine-garden","kind":""", "application/json");
        yield return ("null", "null", "application/json");
        yield return ("array", "[1,2,3]", "application/json");
        yield return ("number", "42", "application/json");
        yield return ("deep", new string('[', 5000) + new string(']', 5000), "application/json");
        yield return ("deep object", string.Concat(Enumerable.Repeat("{\"a\":", 3000)) + "1" + new string('}', 3000), "application/json");
        yield return ("lone surrogate", """{"community":"\ud800","name":"\udc00","description":"\ud800\ud800"}""", "application/json");
        yield return ("wrong types", """{"community":1,"kind":[],"building":{},"room":true,"phone":13800138000,"score":"5","people":"x","capacity":-5,"start":7,"buildings":"3","action":{"a":1},"sendSms":"yes"}""", "application/json");
        yield return ("huge numbers", """{"score":1e400,"people":99999999999999999999,"capacity":1.5,"size":-1e308,"smsPerHour":1e30}""", "application/json");
        yield return ("oversized", "{\"description\":\"" + new string('x', 20 * 1024) + "\"}", "application/json");
        yield return ("form", "community=sunshine-garden&kind=repair", "application/x-www-form-urlencoded");
        yield return ("text", "community,name\nsunshine-garden,x", "text/plain");
        yield return ("csv injection", "community,building,unit,room,name,phone\n=cmd|'/c calc'!A1,1,,1,=HYPERLINK(\"x\"),13800138000\n", "text/csv");
        yield return ("broken csv", "\"unterminated,quote\n\"\"\"", "text/csv");
        yield return ("duplicate keys", """{"community":"sunshine-garden","community":"x","kind":"repair"}""", "application/json");
        yield return ("comments", """{/* c */ "community":"sunshine-garden"}""", "application/json");
        yield return ("trailing comma", """{"community":"sunshine-garden",}""", "application/json");
        yield return ("json charset", """{"community":"sunshine-garden"}""", "application/json; charset=utf-16");
        yield return ("problem json", """{"community":"sunshine-garden"}""", "application/problem+json");
        foreach (var nasty in Nasty.Take(20))
        {
            var value = System.Text.Json.JsonSerializer.Serialize(nasty);
            yield return ($"every field {nasty[..Math.Min(nasty.Length, 12)]}", "{" + string.Join(",", Fields.Select(f => $"\"{f}\":{value}")) + "}", "application/json");
        }
    }

    /// <summary>Every field name any route reads, so each body reaches every validator.</summary>
    private static readonly string[] Fields =
    [
        "community", "kind", "scope", "category", "building", "unit", "room", "name", "phone", "description", "preferredTime", "language",
        "score", "fixed", "comment", "reason", "contentType", "action", "department", "assignee", "note", "mergeInto", "type", "title", "body",
        "start", "expectedEnd", "update", "end", "place", "signupDeadline", "key", "roles", "emergencyPhone", "smsSignature",
        "code", "text", "promisedDate", "feeReminders", "notices", "events", "optedOut", "paymentInstructions",
    ];

    private static string Path(BindingMetadata route, string nasty) =>
        "/api/" + string.Join('/', route.Route!.Split('/').Select(segment => segment.StartsWith('{') ? Uri.EscapeDataString(nasty) : segment));

    [Fact]
    public async Task A_thousand_hostile_requests_at_every_route_get_no_5xx_and_store_nothing()
    {
        using var admin = await StaffClients.SignInAsync(_desk, "管理员", "admin");
        using var scoped = await StaffClients.SignInAsync(_desk, "枫林文员", "staff:maple-court");
        using var owner = await SignedInOwnerAsync(admin);
        var clients = new[] { _desk.Client, admin, scoped, owner };
        var before = await CountAsync();
        var sent = 0;
        var created = 0;
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        async Task SendAsync(HttpClient client, HttpRequestMessage request, string why)
        {
            using var response = await client.SendAsync(request);
            sent++;
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500)
            {
                failures.Add($"{status} {request.Method} {request.RequestUri} ({why}): {(await response.Content.ReadAsStringAsync())[..Math.Min(200, (int)(response.Content.Headers.ContentLength ?? 0))]}");
            }
            if (status == 201)
            {
                created++;
            }
        }

        foreach (var route in Routes)
        {
            var methods = route.Methods ?? ["get"];
            foreach (var method in methods.Select(m => new HttpMethod(m.ToUpperInvariant())))
            {
                var i = 0;
                foreach (var nasty in Nasty)
                {
                    var client = clients[i++ % clients.Length];
                    if (client == owner && method == HttpMethod.Delete && route.Route == "owner/sessions")
                    {
                        // Signing the owner out would leave the owner routes that come later without a session.
                        client = _desk.Client;
                    }
                    var request = new HttpRequestMessage(method, Path(route, nasty) + "?community=" + Uri.EscapeDataString(nasty) + "&k=" + Uri.EscapeDataString(nasty)
                        + "&format=" + Uri.EscapeDataString(nasty) + "&month=" + Uri.EscapeDataString(nasty) + "&overdue=" + Uri.EscapeDataString(nasty));
                    if (method != HttpMethod.Get)
                    {
                        request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                    }
                    // Headers travel as ASCII: other characters as a client would percent-encode them.
                    var header = nasty.All(c => c is >= ' ' and <= '~') ? nasty : Uri.EscapeDataString(nasty);
                    request.Headers.TryAddWithoutValidation("X-Forwarded-For", header);
                    request.Headers.TryAddWithoutValidation("If-Match", header);
                    request.Headers.TryAddWithoutValidation("Idempotency-Key", header);
                    request.Headers.TryAddWithoutValidation("Accept-Language", header);
                    request.Headers.TryAddWithoutValidation("X-Correlation-Id", header);
                    await SendAsync(client, request, "path " + nasty);
                }
                if (method == HttpMethod.Get)
                {
                    continue;
                }
                foreach (var (why, body, contentType) in Bodies())
                {
                    var client = clients[i++ % clients.Length];
                    if (client == owner && method == HttpMethod.Delete && route.Route == "owner/sessions")
                    {
                        // Signing the owner out would leave the owner routes that come later without a session.
                        client = _desk.Client;
                    }
                    var request = new HttpRequestMessage(method, Path(route, "261128-K7QF").Replace("261128-K7QF", route.Route!.Contains("{secret}", StringComparison.Ordinal) ? "x" : "261128-K7QF", StringComparison.Ordinal)
                        + "?community=sunshine-garden&k=x");
                    var content = new ByteArrayContent(why == "invalid UTF-8" ? [0x7B, 0x22, 0xC3, 0x28, 0x22, 0x7D] : Encoding.UTF8.GetBytes(body));
                    content.Headers.ContentType = MediaTypeHeaderValue.TryParse(contentType, out var type) ? type : null;
                    request.Content = content;
                    await SendAsync(client, request, why);
                }
                // Invalid UTF-8 and a lying Content-Length-free chunked body.
                var raw = new HttpRequestMessage(method, Path(route, "x")) { Content = new ByteArrayContent([0x7B, 0x22, 0x6E, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0xFF, 0x22, 0x7D]) };
                raw.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                await SendAsync(admin, raw, "invalid UTF-8");
            }
        }

        output.WriteLine($"{sent} requests to {Routes.Count} routes: " + string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}")));
        Assert.True(sent >= 1000, $"only {sent} requests");
        Assert.Empty(failures);
        var after = await CountAsync();
        Assert.Equal(before, after with { Tickets = after.Tickets - created });
    }

    /// <summary>An owner signed in to their home with the code from the SMS log, so the owner routes see hostile requests with a session too.</summary>
    private async Task<HttpClient> SignedInOwnerAsync(HttpClient admin)
    {
        using (var records = new StringContent("community,building,unit,room,name,phone\nsunshine-garden,9,1,901,业主,13800009901\n", Encoding.UTF8, "text/csv"))
        using (var imported = await admin.PutAsync("/api/staff/owners", records))
        {
            imported.EnsureSuccessStatusCode();
        }
        var owner = _desk.NewClient();
        using (var asked = await owner.PostAsJsonAsync("/api/owner/codes", new { community = "sunshine-garden", phone = "13800009901" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        }
        var log = _desk.Services.GetRequiredService<ISmsLog>();
        var sms = await TestDesk.EventuallyAsync(() => log.RecentAsync(50, CancellationToken.None), l => l.Any(x => x.To == "+8613800009901" && x.Purpose == "code"));
        var code = System.Text.RegularExpressions.Regex.Match(sms.First(x => x.To == "+8613800009901" && x.Purpose == "code").Text, "[0-9]{6}").Value;
        using var signedIn = await owner.PostAsJsonAsync("/api/owner/sessions", new { community = "sunshine-garden", phone = "13800009901", code });
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        return owner;
    }

    private sealed record Counts(int Tickets, int Notices, int Events, int Communities, int Owners, int Fees, int Staff);

    /// <summary>The rows that valid requests create; an invalid request must add none.</summary>
    private async Task<Counts> CountAsync()
    {
        async Task<int> RowsAsync(string table, string? filter = null)
        {
            var n = 0;
            await foreach (var _ in _desk.Storage.Table(table).QueryAsync<TableEntity>(filter, select: ["PartitionKey"]))
            {
                n++;
            }
            return n;
        }
        return new Counts(await RowsAsync("Tickets", "Type eq 'T'"), await RowsAsync("Notices"), await RowsAsync("Events"), await RowsAsync("Communities"),
            await RowsAsync("Owners"), await RowsAsync("Fees"), await RowsAsync("Staff"));
    }
}
