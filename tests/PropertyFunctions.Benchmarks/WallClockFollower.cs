using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace PropertyFunctions.Benchmarks;

/// <summary>Moves a desk's fake clock on with the wall clock (every 10 ms), from wherever it was set to start, until disposed.</summary>
public sealed class WallClockFollower : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _following;

    public WallClockFollower(FakeTimeProvider time)
    {
        var start = time.GetUtcNow();
        var elapsed = Stopwatch.StartNew();
        _following = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                time.SetUtcNow(start + elapsed.Elapsed);
                await Task.Delay(10, CancellationToken.None);
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _following;
        _stop.Dispose();
    }
}
