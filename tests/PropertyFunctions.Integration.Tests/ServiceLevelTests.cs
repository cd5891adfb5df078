using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

public sealed class ServiceLevelTests : IAsyncLifetime
{
    private TestDesk _desk = null!;

    // 02:00 in Shanghai.
    public async Task InitializeAsync()
    {
        _desk = await TestDesk.StartAsync(fakeTimeStart: new DateTimeOffset(2026, 11, 27, 18, 0, 0, TimeSpan.Zero));
        await StaffClients.ImportRosterAsync(_desk);
    }

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private ISmsLog SmsLog => _desk.Services.GetRequiredService<ISmsLog>();

    [Fact]
    public async Task A_resolved_ticket_gets_one_callback_and_a_low_score_reopens_it()
    {
        _desk.Time!.SetUtcNow(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero)); // 10:00 local
        var receipt = await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, Owners.Repair("楼道的灯坏了", "13800138021")));
        var id = receipt.GetProperty("id").GetString()!;
        await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(id, CancellationToken.None), l => l.Any(s => s.Purpose == "dispatch"));
        await Settled.AfterSmsAsync(_desk, id, "dispatch");
        await EventGrid.DeliverAsync(_desk, EventGrid.SmsReceived("+8613900000001", $"JD {id}"));
        await EventGrid.DeliverAsync(_desk, EventGrid.SmsReceived("+8613900000001", $"WC {id}"));
        await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(id, CancellationToken.None), l => l.Any(s => s.Purpose == "resolved"));

        _desk.Time.Advance(TimeSpan.FromHours(25));
        await _desk.RunFunctionAsync("SatisfactionCallbacks");
        await _desk.RunFunctionAsync("SatisfactionCallbacks");
        var sms = await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(id, CancellationToken.None),
            l => l.Any(s => s.Purpose == "callback" && s.Status == SmsStatuses.Sent));
        Assert.Contains("回复1-5", Assert.Single(sms, s => s.Purpose == "callback").Text);

        await EventGrid.DeliverAsync(_desk, EventGrid.SmsReceived("+8613800138021", "1"));
        var view = await TestDesk.EventuallyAsync(() => Owners.ViewAsync(_desk.Client, id, receipt.GetProperty("token").GetString()!),
            v => v.GetProperty("status").GetString() == "reopened");
        Assert.Equal(1, view.GetProperty("score").GetInt32());
    }

    [Fact]
    public async Task The_staff_queue_flags_a_ticket_overdue_by_the_same_office_time_rule_as_the_watch()
    {
        _desk.Time!.SetUtcNow(new DateTimeOffset(2026, 11, 28, 7, 0, 0, TimeSpan.Zero)); // 15:00 local, three office hours left today
        var receipt = await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, Owners.Repair("3号楼电梯按钮不灵", "13800138022")));
        var id = receipt.GetProperty("id").GetString()!;
        await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(id, CancellationToken.None), l => l.Any(s => s.Purpose == "dispatch"));
        await Settled.AfterSmsAsync(_desk, id, "dispatch");
        var staff = await StaffClients.SignInAsync(_desk, "客服小张", "staff");

        async Task<bool?> OverdueAsync(bool onlyOverdue)
        {
            var page = await Owners.JsonAsync(await staff.GetAsync($"/api/staff/tickets?community=sunshine-garden{(onlyOverdue ? "&overdue=true" : "")}"));
            return page.GetProperty("items").EnumerateArray().Where(t => t.GetProperty("id").GetString() == id)
                .Select(t => (bool?)t.GetProperty("overdue").GetBoolean()).SingleOrDefault();
        }

        _desk.Time.Advance(TimeSpan.FromMinutes(110));
        Assert.False(await OverdueAsync(onlyOverdue: false));
        Assert.Null(await OverdueAsync(onlyOverdue: true));

        // By 17:05 it has waited more than the 2 office hours ordinary work is given.
        _desk.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.True(await OverdueAsync(onlyOverdue: false));
        Assert.True(await OverdueAsync(onlyOverdue: true));
    }
}
