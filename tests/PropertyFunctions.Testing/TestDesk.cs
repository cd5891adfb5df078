using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.LocalHost;

namespace PropertyFunctions.Testing;

/// <summary>
/// The whole desk as a test sees it: the local host (the real Function classes, real HTTP on a free
/// loopback port) over the shared Azurite, with a storage prefix of its own and, optionally, a fake clock.
/// </summary>
public sealed class TestDesk : IAsyncDisposable
{
    public const string TokenKey = "dGVzdC10b2tlbi1rZXktdGhhdC1pcy1hdC1sZWFzdC0zMi1ieXRlcw==";

    /// <summary>The communities every test desk serves (created with the documented defaults at start-up).</summary>
    public const string Communities = "sunshine-garden,quiet-garden,maple-court,lotus-court,pine-court,cedar-court";

    private readonly WebApplication _app;

    private TestDesk(WebApplication app, string prefix, FakeTimeProvider? time)
    {
        _app = app;
        Prefix = prefix;
        Time = time;
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = NewClient();
    }

    public string Prefix { get; }
    public string BaseUrl { get; }
    public HttpClient Client { get; }
    public FakeTimeProvider? Time { get; }
    public IServiceProvider Services => _app.Services;
    public StorageClients Storage => Services.GetRequiredService<StorageClients>();

    /// <param name="settings">Configuration overrides, e.g. ["Desk:RateLimits:PerPhonePerHour"] = "2".</param>
    /// <param name="fakeTimeStart">When given, the desk's clock is a <see cref="FakeTimeProvider"/> starting there.</param>
    /// <param name="services">Extra registrations made before the desk's own (e.g. a storage request counter).</param>
    public static async Task<TestDesk> StartAsync(IDictionary<string, string?>? settings = null, DateTimeOffset? fakeTimeStart = null,
        Action<IServiceCollection>? services = null)
    {
        var storage = settings?.TryGetValue("AzureWebJobsStorage", out var own) == true && own is not null
            ? own
            : await SharedAzurite.GetConnectionStringAsync();
        var prefix = "t" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        var time = fakeTimeStart is { } start ? new FakeTimeProvider(start) : null;
        var app = LocalDesk.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration["AzureWebJobsStorage"] = storage;
            builder.Configuration["Storage:Prefix"] = prefix;
            builder.Configuration["Desk:TokenKey"] = TokenKey;
            builder.Configuration["Desk:EmergencyPhone"] = "400-800-1234";
            // Intake refuses communities the desk does not serve: these are the ones the tests use.
            builder.Configuration["Desk:Communities"] = Communities;
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                builder.Configuration[key] = value;
            }
            if (time is not null)
            {
                builder.Services.AddSingleton<TimeProvider>(time);
            }
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        return new TestDesk(app, prefix, time);
    }

    public HttpClient NewClient(HttpMessageHandler? handler = null) =>
        new(handler ?? new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = new Uri(BaseUrl) };

    /// <summary>Runs a non-HTTP Function now through the admin endpoint, as an operator would.</summary>
    public async Task RunFunctionAsync(string name, string? input = null)
    {
        using var response = await Client.PostAsJsonAsync($"/admin/functions/{name}", new { input });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Polls until <paramref name="condition"/> holds: waits for the queue to deliver, never for a fixed time.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var value = await probe();
            if (condition(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
