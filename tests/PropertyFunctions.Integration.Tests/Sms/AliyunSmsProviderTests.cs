using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PropertyFunctions.Azure.Sms;
using PropertyFunctions.Core.Common;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests.Sms;

/// <summary>The aliyun provider, built by the app's own registration, against the loopback Aliyun.</summary>
public sealed class AliyunSmsProviderTests : IAsyncLifetime
{
    public const string SignName = "阳光物业";
    public const string CallbackSecret = "test-callback-secret-0123456789abcdef0123456789";
    private const string To = "+8613900000001";
    private const string Phone = "13900000001";

    // 10:00 on 28 November in Shanghai.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));
    private FakeAliyunSmsServer _aliyun = null!;
    private ServiceProvider _services = null!;
    private ISmsProvider _sms = null!;

    public async Task InitializeAsync()
    {
        _aliyun = await FakeAliyunSmsServer.StartAsync(_time);
        _aliyun.ApproveSignName(SignName);
        _aliyun.ApproveTemplate("SMS_900001");
        _aliyun.ApproveTemplate("SMS_900002", "id", "desc");
        (_services, _sms) = Provider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _aliyun.DisposeAsync();
    }

    private (ServiceProvider, ISmsProvider) Provider(Dictionary<string, string?>? overrides = null)
    {
        var settings = _aliyun.Settings(SignName, CallbackSecret);
        settings["Sms:Aliyun:Templates:dispatch"] = "SMS_900001";
        settings["Sms:Aliyun:Templates:ack_open"] = "SMS_900002";
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(_time).AddSmsProvider(configuration).BuildServiceProvider();
        return (services, services.GetRequiredService<ISmsProvider>());
    }

    /// <summary>A provider that gives up after 2 seconds, for the stand-in that answers too late (a real wait).</summary>
    private (ServiceProvider, ISmsProvider) Impatient() => Provider(new() { ["Sms:TimeoutSeconds"] = "2" });

    private SmsRequest Request(string key = "dispatch", Dictionary<string, string>? variables = null, int attempt = 1,
        string smsId = "261128-K7QF:dispatch.1a2b3c4d5e", string to = To) =>
        new(smsId, to, "【阳光物业】工单261128-K7QF 3栋电梯困人，回复JD 261128K7QF接单", key, variables ?? [], _time.GetUtcNow(), attempt, smsId);

    [Fact]
    public async Task A_signed_send_carries_the_mapped_template_the_mainland_number_and_the_sms_id_as_out_id()
    {
        var sent = Assert.IsType<SmsSendResult.Sent>(await _sms.SendAsync(Request(), default));

        var sms = Assert.Single(_aliyun.Sent);
        Assert.Equal(sms.BizId, sent.ProviderMessageId);
        Assert.Equal((Phone, SignName, "SMS_900001", "261128-K7QF:dispatch.1a2b3c4d5e"), (sms.PhoneNumber, sms.SignName, sms.TemplateCode, sms.OutId));
        Assert.Empty(sms.Params);
        var request = Assert.Single(_aliyun.Requests);
        Assert.Equal(("SendSms", 200, "OK"), (request.Action, request.Status, request.Code));
        Assert.False(request.Parameters.ContainsKey("TemplateParam")); // a template without variables gets none
    }

    [Fact]
    public async Task Variables_travel_as_template_param_and_owner_text_stays_data()
    {
        var description = "电梯\"卡住\"了 ${id} {0} & 100% (急!) *'~+";
        var variables = new Dictionary<string, string> { ["id"] = "261128-K7QF", ["desc"] = description };

        Assert.IsType<SmsSendResult.Sent>(await _sms.SendAsync(Request("ack_open", variables), default));

        var sms = Assert.Single(_aliyun.Sent);
        Assert.Equal("SMS_900002", sms.TemplateCode);
        Assert.Equal(variables, sms.Params);
    }

    [Fact]
    public async Task A_community_signature_replaces_the_configured_one()
    {
        _aliyun.ApproveSignName("锦绣华庭");

        Assert.IsType<SmsSendResult.Sent>(await _sms.SendAsync(Request() with { SignName = "锦绣华庭" }, default));

        Assert.Equal("锦绣华庭", Assert.Single(_aliyun.Sent).SignName);
    }

    [Fact]
    public async Task An_english_message_uses_the_approved_english_template_and_falls_back_to_the_chinese_one()
    {
        _aliyun.ApproveTemplate("SMS_900011");
        var (services, sms) = Provider(new() { ["Sms:Aliyun:Templates:dispatch_en"] = "SMS_900011" });
        await using var _ = services;

        Assert.IsType<SmsSendResult.Sent>(await sms.SendAsync(Request() with { Language = Language.English }, default));
        Assert.IsType<SmsSendResult.Sent>(await sms.SendAsync(Request() with { Language = Language.Chinese, SmsId = "261128-K7QF:dispatch.2b" }, default));
        Assert.IsType<SmsSendResult.Sent>(await _sms.SendAsync(Request() with { Language = Language.English, SmsId = "261128-K7QF:dispatch.3c" }, default));

        Assert.Equal(["SMS_900011", "SMS_900001", "SMS_900001"], _aliyun.Sent.Select(s => s.TemplateCode));
    }

    [Fact]
    public async Task Variables_that_do_not_match_the_template_are_refused_for_good_with_the_code()
    {
        var missing = Assert.IsType<SmsSendResult.Rejected>(await _sms.SendAsync(Request("ack_open", new() { ["id"] = "261128-K7QF" }), default));
        var extra = Assert.IsType<SmsSendResult.Rejected>(await _sms.SendAsync(Request("dispatch", new() { ["id"] = "261128-K7QF" }), default));

        Assert.StartsWith("aliyun:isv.TEMPLATE_MISSING_PARAMETERS", missing.Reason);
        Assert.StartsWith("aliyun:isv.INVALID_PARAMETERS", extra.Reason);
        Assert.Empty(_aliyun.Sent);
    }

    [Fact]
    public async Task A_key_without_a_template_code_is_refused_naming_the_setting()
    {
        var rejected = Assert.IsType<SmsSendResult.Rejected>(await _sms.SendAsync(Request("fee_overdue"), default));

        Assert.Contains("Sms__Aliyun__Templates__fee_overdue", rejected.Reason);
        Assert.Empty(_aliyun.Requests);
    }

    [Theory]
    [InlineData("isv.AMOUNT_NOT_ENOUGH", "账户余额不足", SmsErrorKinds.Account)]
    [InlineData("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号", SmsErrorKinds.Recipient)]
    [InlineData("isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板", SmsErrorKinds.Configuration)]
    [InlineData("isp.RAM_PERMISSION_DENY", "RAM权限DENY", SmsErrorKinds.Account)]
    public async Task Permanent_refusals_are_rejected_with_the_provider_code(string code, string message, string kind)
    {
        _aliyun.FailNext(new FakeAliyunFault.Refused(code, message));

        var rejected = Assert.IsType<SmsSendResult.Rejected>(await _sms.SendAsync(Request(), default));

        Assert.Equal($"aliyun:{code} {message}", rejected.Reason);
        // What the metrics and the "SMS provider account" alert read.
        Assert.Equal((code, kind), (rejected.ErrorCode, rejected.ErrorKind));
        Assert.Empty(_aliyun.Sent);
    }

    [Fact]
    public async Task A_wrong_secret_fails_the_signature_and_is_rejected_with_the_code()
    {
        var (services, sms) = Provider(new() { ["Sms:Aliyun:AccessKeySecret"] = "not-the-secret" });
        await using var _ = services;

        var rejected = Assert.IsType<SmsSendResult.Rejected>(await sms.SendAsync(Request(), default));

        Assert.Equal(400, rejected.StatusCode);
        Assert.StartsWith("aliyun:SignatureDoesNotMatch", rejected.Reason);
        Assert.Equal(SmsErrorKinds.Account, rejected.ErrorKind);
        Assert.Empty(_aliyun.Sent);
    }

    [Fact]
    public async Task Flow_control_backs_off_longer_each_attempt_and_sends_nothing()
    {
        _aliyun.FailNext(new FakeAliyunFault.Throttled(), count: 2);

        var first = Assert.IsType<SmsSendResult.RetryLater>(await _sms.SendAsync(Request(), default));
        var second = Assert.IsType<SmsSendResult.RetryLater>(await _sms.SendAsync(Request(attempt: 2), default));

        Assert.Equal(TimeSpan.FromMinutes(1), first.After);
        Assert.Equal(TimeSpan.FromMinutes(4), second.After);
        Assert.False(first.MayHaveBeenSent);
        Assert.StartsWith("aliyun:isv.BUSINESS_LIMIT_CONTROL", first.Reason);
        Assert.Equal(("isv.BUSINESS_LIMIT_CONTROL", SmsErrorKinds.Throttled), (first.ErrorCode, first.ErrorKind));
        Assert.Empty(_aliyun.Sent);
    }

    [Fact]
    public async Task After_a_500_the_next_attempt_checks_then_sends_once()
    {
        _aliyun.FailNext(new FakeAliyunFault.ServerError());

        var retry = Assert.IsType<SmsSendResult.RetryLater>(await _sms.SendAsync(Request(), default));
        Assert.Null(retry.After);
        _time.Advance(TimeSpan.FromSeconds(10));
        var sent = Assert.IsType<SmsSendResult.Sent>(await _sms.SendAsync(Request(attempt: 2), default));

        Assert.Equal(Assert.Single(_aliyun.Sent).BizId, sent.ProviderMessageId);
        Assert.Equal([("SendSms", 500), ("QuerySendDetails", 200), ("SendSms", 200)], _aliyun.Requests.Select(r => (r.Action, r.Status)));
        var query = _aliyun.Requests[1].Parameters;
        Assert.Equal((Phone, "20261128", "50", "1"), (query["PhoneNumber"], query["SendDate"], query["PageSize"], query["CurrentPage"]));
    }

    [Fact]
    public async Task A_send_accepted_but_answered_too_late_is_found_and_not_sent_again()
    {
        var (services, sms) = Impatient();
        await using var _ = services;
        _aliyun.FailNext(new FakeAliyunFault.AcceptThenTimeOut());

        var retry = Assert.IsType<SmsSendResult.RetryLater>(await sms.SendAsync(Request(), default));
        Assert.True(retry.MayHaveBeenSent);
        _time.Advance(TimeSpan.FromSeconds(10));
        var again = Assert.IsType<SmsSendResult.Sent>(await sms.SendAsync(Request(attempt: 2), default));
        var third = Assert.IsType<SmsSendResult.Sent>(await sms.SendAsync(Request(attempt: 3), default));

        Assert.Single(_aliyun.Sent);
        Assert.Equal("", again.ProviderMessageId); // QuerySendDetails does not give the BizId; the receipt fills it in
        Assert.Equal(third, again);
        Assert.Equal(["SendSms", "QuerySendDetails", "QuerySendDetails"], _aliyun.Requests.Select(r => r.Action));
    }

    [Fact]
    public async Task An_earlier_attempt_on_the_day_before_in_china_is_found()
    {
        var (services, sms) = Impatient();
        await using var _ = services;
        // 23:59:50 in Shanghai; the retry comes after midnight.
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 28, 15, 59, 50, TimeSpan.Zero));
        var request = Request();
        _aliyun.FailNext(new FakeAliyunFault.AcceptThenTimeOut());
        Assert.IsType<SmsSendResult.RetryLater>(await sms.SendAsync(request, default));
        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.IsType<SmsSendResult.Sent>(await sms.SendAsync(request with { Attempt = 2 }, default));

        Assert.Single(_aliyun.Sent);
        Assert.Equal(["20261128"], _aliyun.Requests.Where(r => r.Action == "QuerySendDetails").Select(r => r.Parameters["SendDate"]));
    }

    [Fact]
    public async Task The_check_pages_through_a_busy_day()
    {
        var (services, sms) = Impatient();
        await using var _ = services;
        for (var i = 0; i < 55; i++)
        {
            Assert.IsType<SmsSendResult.Sent>(await sms.SendAsync(Request(smsId: $"notice:sunshine-garden:N1:notice-v{i:D3}.abcdef0123"), default));
        }
        _aliyun.FailNext(new FakeAliyunFault.AcceptThenTimeOut());
        Assert.IsType<SmsSendResult.RetryLater>(await sms.SendAsync(Request(), default));

        Assert.IsType<SmsSendResult.Sent>(await sms.SendAsync(Request(attempt: 2), default));

        Assert.Equal(56, _aliyun.Sent.Count);
        Assert.Equal(["1", "2"], _aliyun.Requests.Where(r => r.Action == "QuerySendDetails").Select(r => r.Parameters["CurrentPage"]));
    }

    [Fact]
    public async Task An_earlier_attempt_the_carrier_refused_is_recorded_as_failed_not_resent()
    {
        var (services, sms) = Impatient();
        await using var _ = services;
        _aliyun.FailNext(new FakeAliyunFault.AcceptThenTimeOut());
        Assert.IsType<SmsSendResult.RetryLater>(await sms.SendAsync(Request(), default));
        _aliyun.ReportPush(Assert.Single(_aliyun.Sent), success: false, errCode: "MK:0001", errMsg: "空号");

        var rejected = Assert.IsType<SmsSendResult.Rejected>(await sms.SendAsync(Request(attempt: 2), default));

        Assert.StartsWith("aliyun:MK:0001", rejected.Reason);
        Assert.Single(_aliyun.Sent);
    }

    [Fact]
    public async Task Numbers_outside_mainland_china_are_refused_without_acs()
    {
        var rejected = Assert.IsType<SmsSendResult.Rejected>(await _sms.SendAsync(Request(to: "+15551234567"), default));

        Assert.Contains("outside mainland China", rejected.Reason);
        Assert.Contains("Sms__From", rejected.Reason);
        Assert.Empty(_aliyun.Requests);
    }

    [Fact]
    public async Task With_acs_configured_numbers_outside_mainland_china_go_to_acs_and_mainland_ones_to_aliyun()
    {
        await using var acs = await FakeAcsSmsServer.StartAsync(_time);
        var (services, sms) = Provider(new() { ["Sms:ConnectionString"] = acs.ConnectionString, ["Sms:From"] = "+18005550100" });
        await using var _ = services;

        Assert.IsType<SmsSendResult.Sent>(await sms.SendAsync(Request(to: "+15551234567", smsId: "261128-K7QF:ack.0011223344"), default));
        Assert.IsType<SmsSendResult.Sent>(await sms.SendAsync(Request(), default));

        Assert.Equal("+15551234567", Assert.Single(acs.Delivered).To);
        Assert.Equal(Phone, Assert.Single(_aliyun.Sent).PhoneNumber);
        Assert.Equal("aliyun+acs", sms.Name);
    }

    [Fact]
    public async Task An_unreachable_service_is_retried_and_known_not_to_have_sent()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var (services, sms) = Provider(new() { ["Sms:Aliyun:Endpoint"] = $"http://127.0.0.1:{port}" });
        await using var _ = services;

        var retry = Assert.IsType<SmsSendResult.RetryLater>(await sms.SendAsync(Request(), default));

        Assert.Contains("unreachable", retry.Reason);
        Assert.False(retry.MayHaveBeenSent);
    }
}
