using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Notices;
using PropertyFunctions.Core.Residents;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests;

/// <summary>
/// The notices' outbox: a broadcast promised with the notice is written with it in one batch, so a failed enqueue loses nothing
/// (NoticeOutboxSweep queues it), and a retried create or update never texts a household twice.
/// </summary>
public sealed class NoticeOutboxTests : IAsyncLifetime
{
    private const string Community = "pine-court";
    private TestDesk _desk = null!;
    private HttpClient _staff = null!;

    public async Task InitializeAsync()
    {
        _desk = await TestDesk.StartAsync(new Dictionary<string, string?> { ["Desk:Broadcast:PerMinute"] = "60000" },
            fakeTimeStart: new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));
        _staff = await StaffClients.SignInAsync(_desk, "客服小陈", "supervisor");
        await _desk.Services.GetRequiredService<IResidentDirectory>().ReplaceUnitsAsync(
        [
            new(Community, new UnitAddress("2", null, "101"), "甲", "+8613600000101", "zh-CN", ResidentRelations.Owner),
            new(Community, new UnitAddress("2", null, "102"), "乙", "+8613600000102", "zh-CN", ResidentRelations.Owner),
        ], CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _staff.Dispose();
        await _desk.DisposeAsync();
    }

    private ISmsLog SmsLog => _desk.Services.GetRequiredService<ISmsLog>();

    private global::Azure.Storage.Queues.QueueClient Fanout => _desk.Storage.Queue(StorageNames.NoticeFanoutQueue);

    private static readonly object Water = new
    {
        community = Community, type = "water", title = "2栋停水", body = "水泵检修，请提前储水。", buildings = new[] { "2" }, sendSms = true,
    };

    private async Task<(HttpStatusCode Status, JsonElement Body)> PublishAsync(object notice, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/staff/notices") { Content = JsonContent.Create(notice) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await _staff.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<IReadOnlyList<SmsRecord>> SentAsync(string noticeId, int expected) =>
        await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(Notice.SmsGroupFor(Community, noticeId), CancellationToken.None),
            list => list.Count(s => s.Status == SmsStatuses.Sent) >= expected, TimeSpan.FromSeconds(60));

    /// <summary>Both queues empty (in-flight messages count until deleted): whatever was queued has been handled.</summary>
    private async Task DrainedAsync()
    {
        async Task<int> Pending()
        {
            var total = 0;
            foreach (var name in new[] { StorageNames.NoticeFanoutQueue, StorageNames.SmsSendQueue })
            {
                total += (await _desk.Storage.Queue(name).GetPropertiesAsync()).Value.ApproximateMessagesCount;
            }
            return total;
        }
        Assert.Equal(0, await TestDesk.EventuallyAsync(Pending, n => n == 0, TimeSpan.FromSeconds(150)));
    }

    private async Task<int> NoticesTitledAsync(string title) =>
        (await _staff.GetFromJsonAsync<JsonElement>($"/api/staff/notices?community={Community}")).EnumerateArray()
            .Count(n => n.GetProperty("title").GetString() == title);

    [Fact]
    public async Task A_create_whose_enqueue_failed_is_answered_kept_and_sent_once_by_the_sweep_and_its_retry_changes_nothing()
    {
        // The queue is gone: the enqueue after the write fails, as when storage hiccups between the two.
        await Fanout.DeleteAsync();
        var (status, first) = await PublishAsync(Water, "publish-1");
        Assert.Equal(HttpStatusCode.Created, status);
        var id = first.GetProperty("id").GetString()!;
        await Fanout.CreateAsync();

        // The console retries (it never saw an answer, say): the same notice, and nothing queued.
        var (again, replay) = await PublishAsync(Water, "publish-1");
        Assert.Equal((HttpStatusCode.Created, id), (again, replay.GetProperty("id").GetString()));
        Assert.Equal(1, await NoticesTitledAsync("2栋停水"));
        Assert.Null((await Fanout.PeekMessageAsync()).Value);

        // Too young for the sweep: it may still be in flight.
        await _desk.RunFunctionAsync("NoticeOutboxSweep");
        Assert.Null((await Fanout.PeekMessageAsync()).Value);

        _desk.Time!.Advance(NoticeOutboxSweep.Grace + TimeSpan.FromMinutes(1));
        await _desk.RunFunctionAsync("NoticeOutboxSweep");
        await SentAsync(id, expected: 2);
        await DrainedAsync();

        // Done: later sweeps leave it.
        _desk.Time.Advance(NoticeOutboxSweep.Grace + TimeSpan.FromMinutes(1));
        await _desk.RunFunctionAsync("NoticeOutboxSweep");
        await DrainedAsync();
        var sms = await SmsLog.ForGroupAsync(Notice.SmsGroupFor(Community, id), CancellationToken.None);
        Assert.Equal(["+8613600000101", "+8613600000102"], sms.Select(s => s.To).Order());
        Assert.All(sms, s => Assert.Equal((SmsStatuses.Sent, 1, "notice-v1"), (s.Status, s.Attempts, s.Purpose)));
    }

    [Fact]
    public async Task A_retried_create_texts_each_household_once_and_a_reused_key_with_another_notice_is_refused()
    {
        var notice = new
        {
            community = Community, type = "power", title = "2栋停电", body = "配电房检修。", buildings = new[] { "2" }, sendSms = true,
        };
        // A double click and a retry racing the first answer.
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PublishAsync(notice, "publish-2")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Status));
        var id = Assert.Single(answers.Select(a => a.Body.GetProperty("id").GetString()).Distinct())!;
        Assert.Equal(1, await NoticesTitledAsync("2栋停电"));
        await SentAsync(id, expected: 2);
        _desk.Time!.Advance(NoticeOutboxSweep.Grace + TimeSpan.FromMinutes(1));
        await _desk.RunFunctionAsync("NoticeOutboxSweep");
        await DrainedAsync();
        var sms = await SmsLog.ForGroupAsync(Notice.SmsGroupFor(Community, id), CancellationToken.None);
        Assert.Equal(2, sms.Count);
        Assert.All(sms, s => Assert.Equal(1, s.Attempts));

        var (reused, _) = await PublishAsync(new { community = Community, type = "general", title = "别的通知", body = "正文", allBuildings = true }, "publish-2");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused);
        Assert.Equal(0, await NoticesTitledAsync("别的通知"));
    }

    [Fact]
    public async Task An_update_with_sms_whose_enqueue_failed_is_sent_by_the_sweep()
    {
        var (_, created) = await PublishAsync(new
        {
            community = Community, type = "gas", title = "2栋停气", body = "燃气管道检修。", buildings = new[] { "2" }, sendSms = true,
        }, "publish-3");
        var id = created.GetProperty("id").GetString()!;
        await SentAsync(id, expected: 2);
        await DrainedAsync();

        await Fanout.DeleteAsync();
        using (var updated = await _staff.PutAsJsonAsync($"/api/staff/notices/{id}", new { community = Community, update = "已于15:40恢复供气", resolved = true }))
        {
            Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        }
        await Fanout.CreateAsync();

        _desk.Time!.Advance(NoticeOutboxSweep.Grace + TimeSpan.FromMinutes(1));
        await _desk.RunFunctionAsync("NoticeOutboxSweep");
        var sms = await SentAsync(id, expected: 4);
        await DrainedAsync();
        var update = sms.Where(s => s.Purpose == "notice-v2").ToList();
        Assert.Equal(["+8613600000101", "+8613600000102"], update.Select(s => s.To).Order());
        Assert.All(update, s => Assert.Contains("已于15:40恢复供气", s.Text, StringComparison.Ordinal));
        Assert.All(sms, s => Assert.Equal(1, s.Attempts));
    }
}
