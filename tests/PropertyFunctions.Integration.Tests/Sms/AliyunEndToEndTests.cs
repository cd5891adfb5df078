using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Azure.Storage;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Core.Tickets;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests.Sms;

/// <summary>The whole desk on the local host with <c>Sms__Provider=aliyun</c>, pointed at the loopback Aliyun.</summary>
public sealed class AliyunEndToEndTests : IAsyncLifetime
{
    private const string SignName = "阳光物业";
    private const string Secret = "e2e-callback-secret-0123456789abcdef0123456789";
    private const string OwnerPhone = "13800138000";

    // 02:00 on 28 November in Shanghai: an emergency goes to the on-call staff.
    private static readonly DateTimeOffset TwoAmLocal = new(2026, 11, 27, 18, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Every catalogue message with the variables of the template approved for it: the stand-in refuses any SMS whose
    /// variables differ from its template's.
    /// </summary>
    private static readonly Dictionary<string, string[]> Templates =
        SmsCatalogue.All.ToDictionary(t => t.Key, t => t.Variables.Select(v => v.Name).ToArray());

    private FakeAliyunSmsServer _aliyun = null!;
    private TestDesk _desk = null!;

    public async Task InitializeAsync()
    {
        _aliyun = await FakeAliyunSmsServer.StartAsync();
        _aliyun.ApproveSignName(SignName);
        var settings = _aliyun.Settings(SignName, Secret);
        var code = 100001;
        foreach (var (key, variables) in Templates)
        {
            var templateCode = $"SMS_{code++}";
            _aliyun.ApproveTemplate(templateCode, variables);
            settings[$"Sms:Aliyun:Templates:{key}"] = templateCode;
        }
        // The stand-in that answers too late costs this much real time.
        settings["Sms:TimeoutSeconds"] = "2";
        _desk = await TestDesk.StartAsync(settings, TwoAmLocal);
        _aliyun.Time = _desk.Time!;
        await StaffClients.ImportRosterAsync(_desk);
    }

    public async Task DisposeAsync()
    {
        await _desk.DisposeAsync();
        await _aliyun.DisposeAsync();
    }

    private ISmsLog SmsLog => _desk.Services.GetRequiredService<ISmsLog>();
    private ITicketStore Tickets => _desk.Services.GetRequiredService<ITicketStore>();

    [Fact]
    public async Task A_tickets_life_runs_on_aliyun_with_replies_and_receipts_and_the_acknowledgement_goes_out_once_through_every_fault()
    {
        // The owner's acknowledgement meets flow control first: the sender records it and asks again in a minute.
        _aliyun.FailNext(new FakeAliyunFault.Throttled(), OwnerPhone);
        var receipt = await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, Owners.Repair("电梯困人了，3栋2单元电梯卡在5楼", OwnerPhone)));
        var id = receipt.GetProperty("id").GetString()!;
        var ackKey = OutgoingSms.KeyFor("ack", "+86" + OwnerPhone);
        var ack = await TestDesk.EventuallyAsync(() => SmsLog.GetAsync(id, ackKey, default), r => r?.Status == SmsStatuses.Retrying);
        Assert.Equal(SmsStatuses.Retrying, ack?.Status);
        Assert.StartsWith("aliyun:isv.BUSINESS_LIMIT_CONTROL", ack!.Error);

        // Then, as redeliveries of the same sms-send message: a 500, then a send Aliyun takes but answers too late,
        // then the attempt that finds it already sent. Nothing is sent twice.
        // The same message the router queued (its id and text are deterministic).
        var ticket = (await Tickets.GetAsync("sunshine-garden", id, default))!.Value;
        var again = _desk.Services.GetRequiredService<TicketSms>().Acknowledgement(ticket, AckKind.Emergency,
            await _desk.Services.GetRequiredService<PropertyFunctions.Core.Communities.CommunityDirectory>().GetAsync("sunshine-garden", default)).Single();
        Assert.Equal(ack.Key, again.Key);
        var input = JsonSerializer.Serialize(again, QueueWorkQueue.Json);
        _aliyun.FailNext(new FakeAliyunFault.ServerError(), OwnerPhone);
        await RunSendAsync(input, expectSuccess: false);
        _aliyun.FailNext(new FakeAliyunFault.AcceptThenTimeOut(), OwnerPhone);
        _desk.Time!.Advance(TimeSpan.FromSeconds(10));
        await RunSendAsync(input, expectSuccess: false);
        _desk.Time.Advance(TimeSpan.FromSeconds(10));
        await RunSendAsync(input, expectSuccess: true);
        await RunSendAsync(input, expectSuccess: true);

        ack = await SmsLog.GetAsync(id, ackKey, default);
        Assert.Equal((SmsStatuses.Sent, 4), (ack!.Status, ack.Attempts));
        Assert.Single(_aliyun.Sent, s => s.OutId == $"{id}:{ackKey}");
        // Every later attempt asked first whether an earlier one had gone out.
        Assert.Equal(["SendSms isv.BUSINESS_LIMIT_CONTROL", "QuerySendDetails OK", "SendSms InternalError", "QuerySendDetails OK", "SendSms late",
                "QuerySendDetails OK"],
            _aliyun.Requests.Where(r => (r.Parameters.GetValueOrDefault("PhoneNumbers") ?? r.Parameters.GetValueOrDefault("PhoneNumber")) == OwnerPhone)
                .Select(r => $"{r.Action} {(r.Late ? "late" : r.Code)}"));

        // The emergency was dispatched through Aliyun; the on-call engineer accepts it by replying JD.
        var dispatched = await TestDesk.EventuallyAsync(() => Tickets.GetAsync("sunshine-garden", id, default), t => t?.Value.DispatchedTo.Count > 0);
        var engineer = dispatched!.Value.DispatchedTo.Contains("+8613900000001") ? "+8613900000001" : dispatched.Value.DispatchedTo[0];
        var dispatch = await TestDesk.EventuallyAsync(() => SmsLog.GetAsync(id, OutgoingSms.KeyFor("dispatch", engineer), default), r => r?.Status == SmsStatuses.Sent);
        Assert.Equal(SmsStatuses.Sent, dispatch?.Status);
        await PushAsync("up", _aliyun.ReplyPush(engineer[3..], "JD " + id.Replace("-", "", StringComparison.Ordinal), SignName));
        var accepted = await Tickets.GetAsync("sunshine-garden", id, default);
        Assert.Equal((TicketStatuses.Accepted, engineer), (accepted!.Value.Status, accepted.Value.AcceptedByPhone));

        // A delivery receipt marks the dispatch delivered.
        var sentDispatch = Assert.Single(_aliyun.Sent, s => s.OutId == dispatch!.Group + ":" + dispatch.Key);
        await PushAsync("report", _aliyun.ReportPush(sentDispatch, success: true));
        var delivered = await SmsLog.GetAsync(dispatch!.Group, dispatch.Key, default);
        Assert.Equal((SmsStatuses.Delivered, sentDispatch.BizId), (delivered!.Status, delivered.ProviderMessageId));

        // The acknowledgement's receipt fills in the BizId that QuerySendDetails could not give.
        await PushAsync("report", _aliyun.ReportPush(Assert.Single(_aliyun.Sent, s => s.OutId == $"{id}:{ackKey}"), success: true));
        Assert.Equal(SmsStatuses.Delivered, (await SmsLog.GetAsync(id, ackKey, default))!.Status);
        Assert.NotEmpty((await SmsLog.GetAsync(id, ackKey, default))!.ProviderMessageId!);

        // The engineer finishes (WC), the owner rates by replying 5: the ticket closes.
        await PushAsync("up", _aliyun.ReplyPush(engineer[3..], "WC " + id, SignName));
        await TestDesk.EventuallyAsync(() => SmsLog.GetAsync(id, OutgoingSms.KeyFor("resolved", "+86" + OwnerPhone), default), r => r?.Status == SmsStatuses.Sent);
        await PushAsync("up", _aliyun.ReplyPush(OwnerPhone, "5", SignName));
        var closed = await Tickets.GetAsync("sunshine-garden", id, default);
        Assert.Equal((TicketStatuses.Closed, 5), (closed!.Value.Status, closed.Value.Score));

        // Every SMS of the ticket went out once, to the number it was meant for, each logged with its outcome.
        var log = await TestDesk.EventuallyAsync(() => SmsLog.ForGroupAsync(id, default),
            list => list.All(r => r.Status is SmsStatuses.Sent or SmsStatuses.Delivered));
        Assert.All(log, r => Assert.Contains(r.Status, new[] { SmsStatuses.Sent, SmsStatuses.Delivered }));
        var ours = _aliyun.Sent.Where(s => s.OutId!.StartsWith(id + ":", StringComparison.Ordinal)).ToList();
        Assert.Equal(log.Select(r => $"{r.Group}:{r.Key}").Order(), ours.Select(s => s.OutId!).Order());
        Assert.Equal(log.Select(r => r.To[3..]).Order(), ours.Select(s => s.PhoneNumber).Order());
        Assert.Contains(log, r => r.Purpose == "accepted");
        Assert.Contains(log, r => r.Purpose == "resolved");
    }

    [Fact]
    public async Task The_same_push_twice_changes_nothing()
    {
        var receipt = await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, Owners.Repair("电梯困人了，3栋2单元电梯卡在5楼", OwnerPhone)));
        var id = receipt.GetProperty("id").GetString()!;
        var dispatched = await TestDesk.EventuallyAsync(() => Tickets.GetAsync("sunshine-garden", id, default), t => t?.Value.DispatchedTo.Count > 0);
        var engineer = dispatched!.Value.DispatchedTo[0];
        var dispatch = await TestDesk.EventuallyAsync(() => SmsLog.GetAsync(id, OutgoingSms.KeyFor("dispatch", engineer), default), r => r?.Status == SmsStatuses.Sent);

        var reply = _aliyun.ReplyPush(engineer[3..], "接 " + id, SignName);
        await PushAsync("up", reply);
        var once = await Tickets.GetAsync("sunshine-garden", id, default);
        await PushAsync("up", reply);
        var twice = await Tickets.GetAsync("sunshine-garden", id, default);
        Assert.Equal(TicketStatuses.Accepted, once!.Value.Status);
        Assert.Equal(once.ETag, twice!.ETag);

        var report = _aliyun.ReportPush(Assert.Single(_aliyun.Sent, s => s.OutId == $"{id}:{dispatch!.Key}"), success: false, errCode: "MK:0001", errMsg: "空号");
        await PushAsync("report", report);
        var first = await SmsLog.GetAsync(id, dispatch!.Key, default);
        await PushAsync("report", report);
        var second = await SmsLog.GetAsync(id, dispatch.Key, default);
        Assert.Equal((SmsStatuses.Undelivered, "aliyun:MK:0001 空号"), (first!.Status, first.Error));
        Assert.Equal(first.ETag, second!.ETag);
    }

    [Fact]
    public async Task A_wrong_secret_answers_404_and_changes_nothing()
    {
        var receipt = await Owners.JsonAsync(await Owners.SubmitAsync(_desk.Client, Owners.Repair("电梯困人了，3栋2单元电梯卡在5楼", OwnerPhone)));
        var id = receipt.GetProperty("id").GetString()!;
        var dispatched = await TestDesk.EventuallyAsync(() => Tickets.GetAsync("sunshine-garden", id, default), t => t?.Value.DispatchedTo.Count > 0);

        using var response = await _desk.Client.PostAsync($"/api/sms/aliyun/{Secret[..^1]}x/up",
            new StringContent(_aliyun.ReplyPush(dispatched!.Value.DispatchedTo[0][3..], "JD " + id, SignName), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(dispatched.ETag, (await Tickets.GetAsync("sunshine-garden", id, default))!.ETag);
    }

    [Theory]
    [InlineData("up", "not json", HttpStatusCode.BadRequest, null)]
    [InlineData("up", """{"phone_number":"13800138000","content":"5"}""", HttpStatusCode.BadRequest, "[]")]
    [InlineData("up", """[{"content":"5"}]""", HttpStatusCode.BadRequest, "[0].phone_number")]
    [InlineData("up", """[{"phone_number":13800138000,"content":"5"}]""", HttpStatusCode.BadRequest, "[0].phone_number")]
    [InlineData("report", """[{"phone_number":"13800138000","biz_id":"1^0","out_id":"x:y"}]""", HttpStatusCode.BadRequest, "[0].success")]
    [InlineData("report", """[{"phone_number":"13800138000","success":"yes","out_id":"x:y"}]""", HttpStatusCode.BadRequest, "[0].success")]
    public async Task Malformed_pushes_get_a_problem_not_a_500(string kind, string body, HttpStatusCode status, string? field)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sms/aliyun/{Secret}/{kind}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.AcceptLanguage.ParseAdd("en");
        using var response = await _desk.Client.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
        {
            var problem = await Owners.JsonAsync(response);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
        }
    }

    [Fact]
    public async Task An_oversized_push_is_refused_with_413()
    {
        var huge = "[" + string.Join(',', Enumerable.Repeat("""{"phone_number":"13800138000","content":"5"}""", 30_000)) + "]";
        using var response = await _desk.Client.PostAsync($"/api/sms/aliyun/{Secret}/up", new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_receipt_for_an_sms_that_is_not_ours_is_acknowledged_as_the_documentation_says()
    {
        var body = """[{"phone_number":"13800138000","send_time":"2026-11-28 02:00:00","report_time":"2026-11-28 02:00:05","success":true,"err_code":"DELIVERED","err_msg":"用户接收成功","sms_size":"1","biz_id":"12345^0","out_id":"other-system-42"}]""";
        using var response = await _desk.Client.PostAsync($"/api/sms/aliyun/{Secret}/report", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await Owners.JsonAsync(response);
        Assert.Equal((0, "接收成功"), (answer.GetProperty("code").GetInt32(), answer.GetProperty("msg").GetString()));
    }

    private async Task PushAsync(string kind, string body)
    {
        using var response = await _desk.Client.PostAsync($"/api/sms/aliyun/{Secret}/{kind}", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"push {kind} answered {(int)response.StatusCode}: {text}");
        Assert.Equal(0, JsonDocument.Parse(text).RootElement.GetProperty("code").GetInt32());
    }

    /// <summary>Runs the SendSms Function on one sms-send message, as a queue delivery would.</summary>
    private async Task RunSendAsync(string input, bool expectSuccess)
    {
        using var response = await _desk.Client.PostAsJsonAsync("/admin/functions/SendSms", new { input });
        Assert.Equal(expectSuccess, response.IsSuccessStatusCode);
    }
}
