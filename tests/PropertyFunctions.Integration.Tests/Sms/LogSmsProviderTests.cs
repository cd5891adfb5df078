using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PropertyFunctions.Azure.Sms;
using PropertyFunctions.Core.Messaging;

namespace PropertyFunctions.Integration.Tests.Sms;

public class LogSmsProviderTests
{
    [Fact]
    public async Task Logs_only_the_masked_number_the_template_and_the_segments_never_the_text_and_reports_it_sent()
    {
        var lines = new ConcurrentQueue<string>();
        using var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(new ListLoggerProvider(lines)))
            .AddSmsProvider(new ConfigurationBuilder().Build())
            .BuildServiceProvider();
        var sms = services.GetRequiredService<ISmsProvider>();
        var request = new SmsRequest("261128-K7QF:ack:+8613800138000", "+8613800138000", "【阳光花园】您的报修已受理，单号261128-K7QF。业主电话 13900139000",
            "ack_open", new Dictionary<string, string>(), DateTimeOffset.UnixEpoch, 1);

        var first = Assert.IsType<SmsSendResult.Sent>(await sms.SendAsync(request, default));
        var second = Assert.IsType<SmsSendResult.Sent>(await sms.SendAsync(request, default));

        Assert.Equal("log", sms.Name);
        Assert.StartsWith("log-", first.ProviderMessageId);
        Assert.Equal(first, second); // the same SMS gets the same id
        var line = lines.First();
        Assert.Contains("+86*******8000", line);
        Assert.DoesNotContain("13800138000", line); // not even inside the SMS id
        Assert.DoesNotContain("13900139000", line);
        // Production runs this provider until an SMS sender is bought: the text (names, units, tracking links) never reaches the log.
        Assert.DoesNotContain("阳光花园", line);
        Assert.DoesNotContain("报修已受理", line);
        Assert.Contains("ack_open", line);
        Assert.Contains("1 segment(s), Ucs2", line);
    }

    private sealed class ListLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(lines);

        public void Dispose()
        {
        }

        private sealed class ListLogger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }
}
