using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests.Privacy;

/// <summary>
/// A whole ticket life — intake from a forwarded address, routing, SMS through the <c>log</c> provider (what production runs
/// until a sender is configured), the engineer's SMS reply, the owner's rating — with every log line captured: none holds a
/// full phone, an SMS's text, the tracking token or a link code, or the client's full address.
/// </summary>
public sealed class LoggingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset TenAm = new(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);
    private const string ClientAddress = "203.0.113.77";
    private readonly LogCapture _log = new();
    private TestDesk _desk = null!;

    public async Task InitializeAsync()
    {
        _desk = await TestDesk.StartAsync(new Dictionary<string, string?> { ["Desk:RateLimits:PerAddressPerHour"] = "1" }, TenAm,
            services => services.AddSingleton<ILoggerProvider>(_log));
        await StaffClients.ImportRosterAsync(_desk);
    }

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private ISmsLog SmsLog => _desk.Services.GetRequiredService<ISmsLog>();

    private Task<IReadOnlyList<SmsRecord>> SmsAsync(string id, Func<IReadOnlyList<SmsRecord>, bool> until) =>
        TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(id, CancellationToken.None), until);

    [Fact]
    public async Task A_whole_ticket_life_logs_no_phone_no_sms_text_no_token_and_no_full_address()
    {
        using var owner = _desk.NewClient();
        owner.DefaultRequestHeaders.Add("X-Forwarded-For", ClientAddress + ":50123");
        var receipt = await Owners.JsonAsync(await Owners.SubmitAsync(owner, Owners.Repair("5号楼门口的路灯坏了，王阿姨家门口")));
        var id = receipt.GetProperty("id").GetString()!;
        var token = receipt.GetProperty("token").GetString()!;
        // A second submission from the same address is refused by the limit of one an hour, and that is logged.
        using var limited = await Owners.SubmitAsync(owner, Owners.Repair("又一单", "13800138009"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);

        await SmsAsync(id, list => list.Any(s => s.Purpose == "dispatch" && s.Status == SmsStatuses.Sent));
        await Settled.AfterSmsAsync(_desk, id, "dispatch");
        await EventGrid.DeliverAsync(_desk, EventGrid.SmsReceived("+8613900000001", "jd"));
        await SmsAsync(id, list => list.Any(s => s.Purpose == "accepted" && s.Status == SmsStatuses.Sent));
        await Settled.AfterSmsAsync(_desk, id, "accepted");
        using var console = await StaffClients.SignInAsync(_desk, "李师傅", "staff");
        var (_, etag) = await StaffClients.ViewAsync(console, id);
        using var resolved = await StaffClients.ActAsync(console, id, etag, new { action = "resolve", note = "更换了灯泡" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var sms = await SmsAsync(id, list => list.Any(s => s.Purpose == "resolved" && s.Status == SmsStatuses.Sent));
        using var rated = await _desk.Client.PostAsJsonAsync($"/api/tickets/{id}/feedback?k={token}", new { score = 5, @fixed = true });
        Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        await EventGrid.DeliverAsync(_desk, EventGrid.SmsReceived("+8613800138000", "TD"));

        var lines = _log.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("+86*******8000", StringComparison.Ordinal)); // phones do appear, masked
        Assert.Contains(lines, l => l.Contains("203.0.113.0", StringComparison.Ordinal)); // and the address, cut to its network
        Assert.Contains(lines, l => l.Contains("provider 'log'", StringComparison.Ordinal)); // the log provider ran
        var codes = sms.SelectMany(s => Regex.Matches(s.Text, "/[tw]/([A-Za-z0-9_-]{10})").Select(m => m.Groups[1].Value)).ToList();
        Assert.NotEmpty(codes);
        string[] secrets =
        [
            "13800138000", "13800138009", "13900000001", "13900000002", "13900000004", token, ClientAddress, "李先生", "王阿姨", "路灯坏了", "更换了灯泡",
            .. codes,
        ];
        foreach (var line in lines)
        {
            foreach (var secret in secrets)
            {
                Assert.False(line.Contains(secret, StringComparison.Ordinal), $"'{secret}' logged: {line}");
            }
            foreach (var text in sms.Select(s => s.Text))
            {
                Assert.False(line.Contains(text, StringComparison.Ordinal), $"SMS text logged: {line}");
            }
        }
    }
}
