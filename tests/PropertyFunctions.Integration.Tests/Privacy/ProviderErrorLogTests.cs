using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PropertyFunctions.Azure.Sms;
using PropertyFunctions.Core.Messaging;
using PropertyFunctions.Integration.Tests.Sms;
using PropertyFunctions.Testing;

namespace PropertyFunctions.Integration.Tests.Privacy;

/// <summary>A provider's refusal reaches the log as its code and a short message, without the phone, links or keys it quoted.</summary>
public sealed class ProviderErrorLogTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));
    private readonly LogCapture _log = new();
    private FakeAliyunSmsServer _aliyun = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _aliyun = await FakeAliyunSmsServer.StartAsync(_time);
        _aliyun.ApproveSignName(AliyunSmsProviderTests.SignName);
        _aliyun.ApproveTemplate("SMS_900001");
        var settings = _aliyun.Settings(AliyunSmsProviderTests.SignName, AliyunSmsProviderTests.CallbackSecret);
        settings["Sms:Aliyun:Templates:dispatch"] = "SMS_900001";
        _services = new ServiceCollection().AddLogging(b => b.AddProvider(_log)).AddSingleton<TimeProvider>(_time)
            .AddSmsProvider(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _aliyun.DisposeAsync();
    }

    [Fact]
    public async Task An_aliyun_refusal_is_logged_as_its_code_without_the_phone_link_or_key_it_quotes()
    {
        _aliyun.FailNext(new FakeAliyunFault.Refused("isv.MOBILE_NUMBER_ILLEGAL",
            "非法手机号 13900000001，短信内容 https://desk.example.cn/t/AbCdEf1234 AccessKeyId LTAI5tABCDEF1234567890"));
        var sms = _services.GetRequiredService<ISmsProvider>();

        var rejected = Assert.IsType<SmsSendResult.Rejected>(await sms.SendAsync(new SmsRequest("261128-K7QF:dispatch.1a2b3c4d5e", "+8613900000001",
            "【阳光物业】工单261128-K7QF 3栋电梯困人", "dispatch", new Dictionary<string, string>(), _time.GetUtcNow(), 1), default));

        Assert.Equal("isv.MOBILE_NUMBER_ILLEGAL", rejected.ErrorCode);
        var line = Assert.Single(_log.Lines, l => l.Contains("refused by Aliyun", StringComparison.Ordinal));
        Assert.Contains("[isv.MOBILE_NUMBER_ILLEGAL]", line);
        Assert.Contains("+86*******0001", line);
        foreach (var secret in new[] { "13900000001", "AbCdEf1234", "LTAI5tABCDEF1234567890", "电梯困人" })
        {
            Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
        }
    }
}
