using Microsoft.Extensions.Time.Testing;
using PropertyFunctions.Core.Common;

namespace PropertyFunctions.Core.Tests;

public sealed class ReadThroughCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));
    private int _reads;

    private Func<CancellationToken, Task<string>> Read(Task<string> answer) => _ =>
    {
        Interlocked.Increment(ref _reads);
        return answer;
    };

    [Fact]
    public async Task Callers_that_come_while_a_key_is_read_share_that_read()
    {
        var cache = new ReadThroughCache<string, string>(TimeSpan.FromMinutes(1), 100, _time);
        var storage = new TaskCompletionSource<string>();

        var callers = Enumerable.Range(0, 50).Select(_ => cache.GetAsync("sunshine-garden", Read(storage.Task), default)).ToList();
        storage.SetResult("settings");

        Assert.All(await Task.WhenAll(callers), v => Assert.Equal("settings", v));
        Assert.Equal(1, _reads);
    }

    [Fact]
    public async Task A_value_is_kept_for_its_time_on_the_desk_clock_and_then_read_again()
    {
        var cache = new ReadThroughCache<string, string>(TimeSpan.FromMinutes(1), 100, _time);
        await cache.GetAsync("k", Read(Task.FromResult("first")), default);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("first", await cache.GetAsync("k", Read(Task.FromResult("second")), default));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("second", await cache.GetAsync("k", Read(Task.FromResult("second")), default));
        Assert.Equal(2, _reads);
    }

    [Fact]
    public async Task A_failed_read_fails_everyone_waiting_for_it_and_is_not_kept()
    {
        var cache = new ReadThroughCache<string, string>(TimeSpan.FromMinutes(1), 100, _time);
        var storage = new TaskCompletionSource<string>();
        var waiting = new[] { cache.GetAsync("k", Read(storage.Task), default), cache.GetAsync("k", Read(storage.Task), default) };
        storage.SetException(new IOException("storage is down"));

        foreach (var caller in waiting)
        {
            await Assert.ThrowsAsync<IOException>(() => caller);
        }
        Assert.Equal("back", await cache.GetAsync("k", Read(Task.FromResult("back")), default));
        Assert.Equal(2, _reads);
    }

    [Fact]
    public async Task A_value_keep_declines_is_read_again_next_time()
    {
        var cache = new ReadThroughCache<string, string>(TimeSpan.FromMinutes(1), 100, _time, keep: v => v.Length > 0);
        Assert.Equal("", await cache.GetAsync("roster", Read(Task.FromResult("")), default));
        Assert.Equal("imported", await cache.GetAsync("roster", Read(Task.FromResult("imported")), default));
        Assert.Equal("imported", await cache.GetAsync("roster", Read(Task.FromResult("later")), default));
        Assert.Equal(2, _reads);
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_read_others_wait_for()
    {
        var cache = new ReadThroughCache<string, string>(TimeSpan.FromMinutes(1), 100, _time);
        var storage = new TaskCompletionSource<string>();
        CancellationToken given = default;
        using var impatient = new CancellationTokenSource();
        var first = cache.GetAsync("k", ct => { given = ct; return storage.Task; }, impatient.Token);
        var second = cache.GetAsync("k", Read(storage.Task), default);

        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        storage.SetResult("settings");

        Assert.Equal("settings", await second);
        Assert.False(given.CanBeCanceled);
        Assert.Equal(0, _reads); // the second caller shared the first one's read
    }

    [Fact]
    public async Task Forget_and_a_full_cache_make_the_next_caller_read_again()
    {
        var cache = new ReadThroughCache<string, string>(TimeSpan.FromMinutes(1), 2, _time);
        await cache.GetAsync("a", Read(Task.FromResult("a1")), default);
        cache.Forget("a");
        Assert.Equal("a2", await cache.GetAsync("a", Read(Task.FromResult("a2")), default));

        await cache.GetAsync("b", Read(Task.FromResult("b1")), default);
        await cache.GetAsync("c", Read(Task.FromResult("c1")), default); // the third key: the cache starts afresh
        Assert.Equal("a3", await cache.GetAsync("a", Read(Task.FromResult("a3")), default));
        Assert.Equal(5, _reads);
    }
}
