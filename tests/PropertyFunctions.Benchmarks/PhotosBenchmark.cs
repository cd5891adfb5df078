using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Benchmarks;

/// <summary>
/// Owners' photos: the storage requests (billable transactions) and time to add three 1.5 MB photos to a ticket
/// (upload URL, PUT to storage, check and attach) and to show them on the tracking page. The desk runs on real
/// time because Azurite checks SAS expiry against its own clock.
/// </summary>
public static class PhotosBenchmark
{
    private const int PhotoBytes = 1536 * 1024;

    public static async Task RunAsync(string[] args)
    {
        var counter = new StorageRequestCounter();
        await using var desk = await TestDesk.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" },
            services: s => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<global::Azure.Core.Pipeline.HttpPipelinePolicy>(s, counter));
        var receipt = JsonDocument.Parse(await (await desk.Client.PostAsJsonAsync("/api/tickets", new
        {
            community = "sunshine-garden", kind = "repair", building = "5", room = "302", name = "李先生", phone = "13800138000",
            description = "卫生间天花板漏水",
        })).Content.ReadAsStringAsync()).RootElement;
        var (id, token) = (receipt.GetProperty("id").GetString()!, receipt.GetProperty("token").GetString()!);
        await Task.Delay(3000); // routing and its SMS settle before counting
        counter.Reset();

        using var storage = new HttpClient();
        var photo = new byte[PhotoBytes];
        Random.Shared.NextBytes(photo);
        photo[0] = 0xFF;
        photo[1] = 0xD8;
        photo[2] = 0xFF;
        var issue = new List<double>();
        var put = new List<double>();
        var attach = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            using var issued = await desk.Client.PostAsJsonAsync($"/api/tickets/{id}/photos?k={token}", new { contentType = "image/jpeg", size = photo.Length });
            var upload = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement;
            issue.Add(clock.Elapsed.TotalMilliseconds);

            clock.Restart();
            using var request = new HttpRequestMessage(HttpMethod.Put, upload.GetProperty("uploadUrl").GetString()) { Content = new ByteArrayContent(photo) };
            request.Headers.Add("x-ms-blob-type", "BlockBlob");
            request.Content.Headers.ContentType = new("image/jpeg");
            (await storage.SendAsync(request)).EnsureSuccessStatusCode();
            put.Add(clock.Elapsed.TotalMilliseconds);

            clock.Restart();
            (await desk.Client.PostAsJsonAsync($"/api/tickets/{id}/photos/{upload.GetProperty("number").GetInt32()}/attach?k={token}", new { })).EnsureSuccessStatusCode();
            attach.Add(clock.Elapsed.TotalMilliseconds);
        }
        // The browser's PUT goes straight to storage, past the API's pipeline: one billable request each.
        var photos = counter.Total - counter.IdlePolls + 3;
        var byKind = counter.ByKind.OrderBy(k => k.Key).ToList();

        counter.Reset();
        for (var i = 0; i < 10; i++)
        {
            (await desk.Client.GetAsync($"/api/tickets/{id}?k={token}")).EnsureSuccessStatusCode();
        }
        var views = (counter.Total - counter.IdlePolls) / 10.0;

        Console.WriteLine($"Three {PhotoBytes / 1024} KB photos added to ticket {id} through the API and Azurite:");
        Console.WriteLine($"  storage requests: {photos} ({photos / 3.0:0.#} per photo, the PUT included); empty queue polls apart");
        foreach (var (kind, n) in byKind)
        {
            Console.WriteLine($"    {kind,-20} {n}");
        }
        Console.WriteLine($"  upload URL {issue.Average():0} ms, PUT {put.Average():0} ms ({PhotoBytes / 1048576.0 / (put.Average() / 1000):0.0} MB/s), check and attach {attach.Average():0} ms (means of 3)");
        Console.WriteLine($"  the owner's view with three photos: {views:0.#} storage requests (read URLs are signed locally, no request)");
    }
}
