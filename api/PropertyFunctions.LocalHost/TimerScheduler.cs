using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace PropertyFunctions.LocalHost;

/// <summary>
/// Fires one timer Function on its NCRONTAB schedule (six fields, seconds first, UTC), as the
/// Functions timer extension does. Waits on the injected <see cref="TimeProvider"/>, so a test
/// with a fake clock decides when timers fire (or calls them through the admin endpoint).
/// </summary>
public sealed class TimerScheduler(LocalFunction function, FunctionInvoker invoker, TimeProvider time, ILogger<TimerScheduler> logger)
    : BackgroundService
{
    public static CrontabSchedule Parse(string expression) =>
        CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = expression.Split(' ').Length == 6 });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = Parse(function.Trigger.Schedule!);
        DateTime? last = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var next = schedule.GetNextOccurrence(now);
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var info = new TimerInfo
            {
                ScheduleStatus = new ScheduleStatus { Last = last ?? DateTime.MinValue, Next = schedule.GetNextOccurrence(next), LastUpdated = next },
            };
            last = next;
            try
            {
                await invoker.InvokeAsync(function, new TriggerInput(Timer: info), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Timer Function {Function} failed", function.Name);
            }
        }
    }
}
