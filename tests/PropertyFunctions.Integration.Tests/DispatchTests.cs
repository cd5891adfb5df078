using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

public sealed class DispatchTests : IAsyncLifetime
{
    // 02:00 on 28 November in Shanghai.
    private static readonly DateTimeOffset TwoAmLocal = new(2026, 11, 27, 18, 0, 0, TimeSpan.Zero);
    private TestDesk _desk = null!;

    public async Task InitializeAsync()
    {
        _desk = await TestDesk.StartAsync(fakeTimeStart: TwoAmLocal);
        await StaffClients.ImportRosterAsync(_desk);
    }

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private ISmsLog SmsLog => _desk.Services.GetRequiredService<ISmsLog>();

    private Task<IReadOnlyList<SmsRecord>> SentAsync(string ticketId, int expected) =>
        TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(ticketId, CancellationToken.None),
            list => list.Count(s => s.Status == SmsStatuses.Sent) >= expected);

    [Fact]
    public async Task An_emergency_at_two_in_the_morning_reaches_on_call_engineering_security_and_the_supervisor_once_each()
    {
        var receipt = await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, Owners.Repair("电梯困人了，3栋2单元电梯卡在5楼")));
        var id = receipt.GetProperty("id").GetString()!;

        var sms = await SentAsync(id, expected: 5);
        Assert.All(sms, s => Assert.Equal(SmsStatuses.Sent, s.Status));
        Assert.All(sms, s => Assert.True(s.Segments <= (s.Purpose == "dispatch" ? 1 : 2), s.Text));
        Assert.Equal(
            ["+8613800138000", "+8613900000001", "+8613900000003", "+8613900000004", "+8613900000005"],
            sms.Select(s => s.To).Order());
        var ack = Assert.Single(sms, s => s.Purpose == "ack");
        Assert.Contains("400-800-1234", ack.Text);
        Assert.All(sms.Where(s => s.Purpose == "dispatch"), s => Assert.StartsWith("【物业客服】急！5栋1单元302：电梯困人", s.Text));

        var view = await TestDesk.EventuallyAsync(() => Owners.ViewAsync(_desk.Client, id, receipt.GetProperty("token").GetString()!),
            v => v.GetProperty("status").GetString() == "dispatched");
        Assert.Equal("engineering", view.GetProperty("department").GetString());
    }

    [Fact]
    public async Task An_ordinary_repair_at_eight_in_the_evening_is_acknowledged_then_dispatched_at_nine()
    {
        _desk.Time!.SetUtcNow(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero)); // 20:00 local
        var receipt = await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, Owners.Repair("5号楼门口的路灯坏了", "13800138001")));
        var id = receipt.GetProperty("id").GetString()!;
        var token = receipt.GetProperty("token").GetString()!;

        var ack = Assert.Single(await SentAsync(id, expected: 1));
        Assert.Equal("ack", ack.Purpose);
        Assert.Contains("09:00", ack.Text);
        var waiting = await TestDesk.EventuallyAsync(() => Owners.ViewAsync(_desk.Client, id, token),
            v => v.TryGetProperty("department", out _));
        Assert.Equal("received", waiting.GetProperty("status").GetString());

        // Nothing is dispatched before opening time, even if the message arrives early.
        await _desk.RunFunctionAsync("RouteTicket", $$"""{"community":"sunshine-garden","ticketId":"{{id}}"}""");
        Assert.Single(await SmsLog.ForGroupAsync(id, CancellationToken.None));

        // 09:00 local: the delayed message arrives (here delivered by hand: the queue's real delay is 13 hours).
        _desk.Time.SetUtcNow(new DateTimeOffset(2026, 11, 29, 1, 0, 0, TimeSpan.Zero));
        await _desk.RunFunctionAsync("RouteTicket", $$"""{"community":"sunshine-garden","ticketId":"{{id}}"}""");

        var sms = await SentAsync(id, expected: 3);
        Assert.Equal(["+8613900000001", "+8613900000002"], sms.Where(s => s.Purpose == "dispatch").Select(s => s.To).Order());
        Assert.All(sms.Where(s => s.Purpose == "dispatch"), s => Assert.Contains("/w/", s.Text, StringComparison.Ordinal));
        Assert.Equal("dispatched", (await Owners.ViewAsync(_desk.Client, id, token)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_redelivered_sms_message_is_sent_once()
    {
        var sms = OutgoingSms.Create("test-group", "ack", "+8613800138009", TestSms.Help);
        var json = System.Text.Json.JsonSerializer.Serialize(sms, PropertyFunctions.Azure.Storage.QueueWorkQueue.Json);
        await _desk.RunFunctionAsync("SendSms", json);
        await _desk.RunFunctionAsync("SendSms", json);
        var record = Assert.Single(await SmsLog.ForGroupAsync("test-group", CancellationToken.None));
        Assert.Equal((SmsStatuses.Sent, 1), (record.Status, record.Attempts));
    }
}
