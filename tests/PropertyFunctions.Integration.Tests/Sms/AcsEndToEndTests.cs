using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests.Sms;

/// <summary>The whole desk on the local host with <c>Sms__Provider=acs</c>, pointed at the loopback ACS.</summary>
public sealed class AcsEndToEndTests : IAsyncLifetime
{
    // 02:00 on 28 November in Shanghai.
    private static readonly DateTimeOffset TwoAmLocal = new(2026, 11, 27, 18, 0, 0, TimeSpan.Zero);
    private FakeAcsSmsServer _acs = null!;
    private TestDesk _desk = null!;

    public async Task InitializeAsync()
    {
        _acs = await FakeAcsSmsServer.StartAsync();
        _desk = await TestDesk.StartAsync(new Dictionary<string, string?>
        {
            ["Sms:Provider"] = "acs",
            ["Sms:ConnectionString"] = _acs.ConnectionString,
            ["Sms:From"] = "+18005550100",
        }, TwoAmLocal);
        _acs.Time = _desk.Time!;
        await StaffClients.ImportRosterAsync(_desk);
    }

    public async Task DisposeAsync()
    {
        await _desk.DisposeAsync();
        await _acs.DisposeAsync();
    }

    private ISmsLog SmsLog => _desk.Services.GetRequiredService<ISmsLog>();

    [Fact]
    public async Task An_emergency_reaches_every_phone_once_through_signed_acs_requests()
    {
        var receipt = await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, Owners.Repair("电梯困人了，3栋2单元电梯卡在5楼")));
        var id = receipt.GetProperty("id").GetString()!;

        var sms = await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(id, CancellationToken.None),
            list => list.Count(s => s.Status == SmsStatuses.Sent) >= 5);

        // The fake delivers only what is signed with its key and shaped as the API documents.
        Assert.Equal(sms.Select(s => s.To).Order(), _acs.Delivered.Select(d => d.To).Order());
        Assert.Equal(sms.Select(s => s.ProviderMessageId).Order(), _acs.Delivered.Select(d => (string?)d.MessageId).Order());
        Assert.All(_acs.Requests, r => Assert.Equal(202, r.Status));
        // The owner's acknowledgement names the ticket; the dispatches carry each person's own task link.
        Assert.All(_acs.Delivered, d => Assert.Contains(d.To == "+8613800138000" ? id : "/w/", d.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_503_then_202_through_the_send_function_delivers_once()
    {
        _acs.FailNext(new FakeAcsFailure.Unavailable());
        var sms = OutgoingSms.Create("e2e-group", "ack", "+8613800138009", TestSms.Help);
        var input = System.Text.Json.JsonSerializer.Serialize(sms, QueueWorkQueue.Json);

        // The first run fails (the queue would retry it); the admin endpoint reports the failure, which is expected here.
        using var first = await _desk.Client.PostAsJsonAsync("/admin/functions/SendSms", new { input });
        _desk.Time!.Advance(TimeSpan.FromSeconds(10));
        await _desk.RunFunctionAsync("SendSms", input);
        await _desk.RunFunctionAsync("SendSms", input); // a redelivered queue message

        var record = Assert.Single(await SmsLog.ForGroupAsync("e2e-group", CancellationToken.None));
        Assert.Equal(SmsStatuses.Sent, record.Status);
        var delivered = Assert.Single(_acs.Delivered);
        Assert.Equal(record.ProviderMessageId, delivered.MessageId);
        Assert.Equal([503, 202], _acs.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task An_sms_whose_sender_vanished_after_claiming_it_is_sent_once_the_claim_is_stale_not_poisoned()
    {
        var sms = OutgoingSms.Create("stale-group", "ack", "+8613800138010", TestSms.Help);
        var input = System.Text.Json.JsonSerializer.Serialize(sms, QueueWorkQueue.Json);
        // An earlier delivery claimed it and then lost storage (or its process) before sending or recording.
        await SmsLog.ClaimAsync(sms, "您好", _desk.Time!.GetUtcNow(), CancellationToken.None);

        // While the claim is fresh a redelivery defers itself (a later message) instead of failing towards the poison queue.
        await _desk.RunFunctionAsync("SendSms", input);
        Assert.Empty(_acs.Delivered);
        Assert.Equal(SmsStatuses.Sending, Assert.Single(await SmsLog.ForGroupAsync("stale-group", CancellationToken.None)).Status);

        _desk.Time.Advance(SmsSender.StaleClaim);
        await _desk.RunFunctionAsync("SendSms", input);
        Assert.Equal(SmsStatuses.Sent, Assert.Single(await SmsLog.ForGroupAsync("stale-group", CancellationToken.None)).Status);
        Assert.Single(_acs.Delivered);
    }
}
