using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PropertyFunctions.Azure.Storage;

namespace PropertyFunctions.Benchmarks;

/// <summary>
/// Times every storage request the desk's SDK clients send, by kind ("table POST $batch", "queue GET ticket-route", …), while
/// recording is on, and splits each submission's time into waiting for storage and the desk's own (middleware from
/// <see cref="Filter"/>). It tells how much of a submission's latency is the emulator's and which requests wait longest.
/// </summary>
public sealed class StorageLatencies : HttpPipelinePolicy
{
    private static readonly AsyncLocal<StrongBox<long>?> WaitedInRequest = new();
    private readonly Dictionary<string, List<double>> _byKind = new(StringComparer.Ordinal);
    private readonly List<double> _ownMs = [];
    private readonly List<double> _storageMs = [];
    private volatile bool _recording;

    /// <summary>Registers the middleware that times each submission (POST /api/tickets) and what it waited for storage.</summary>
    public void AddTo(IServiceCollection services) => services.AddSingleton<IStartupFilter>(new Filter(this));

    public void Start() => _recording = true;

    public void Stop() => _recording = false;

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var started = Stopwatch.GetTimestamp();
        await ProcessNextAsync(message, pipeline);
        Record(message, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var started = Stopwatch.GetTimestamp();
        ProcessNext(message, pipeline);
        Record(message, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private void Record(HttpMessage message, double ms)
    {
        if (!_recording)
        {
            return;
        }
        if (WaitedInRequest.Value is { } waited)
        {
            Interlocked.Add(ref waited.Value, TimeSpan.FromMilliseconds(ms).Ticks);
        }
        var kind = StorageRequestCounter.KindOf(message.Request);
        lock (_byKind)
        {
            if (!_byKind.TryGetValue(kind, out var list))
            {
                _byKind[kind] = list = [];
            }
            list.Add(ms);
        }
    }

    /// <summary>p50 / p95 / p99 of the submissions' time in the desk's own code and waiting for storage (ms).</summary>
    public string Split()
    {
        lock (_ownMs)
        {
            _ownMs.Sort();
            _storageMs.Sort();
            return _ownMs.Count == 0 ? "none timed" :
                $"desk's own {Three(_ownMs)}; waiting for storage {Three(_storageMs)}";
        }
        static string Three(List<double> l) => $"{Percentiles.Of(l, 50):0.0} / {Percentiles.Of(l, 95):0.0} / {Percentiles.Of(l, 99):0.0}";
    }

    private sealed class Filter(StorageLatencies latencies) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, rest) =>
            {
                if (!latencies._recording || !HttpMethods.IsPost(context.Request.Method) || context.Request.Path != "/api/tickets")
                {
                    await rest(context);
                    return;
                }
                var waited = WaitedInRequest.Value = new StrongBox<long>();
                var started = Stopwatch.GetTimestamp();
                await rest(context);
                var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var storage = TimeSpan.FromTicks(Interlocked.Read(ref waited.Value)).TotalMilliseconds;
                lock (latencies._ownMs)
                {
                    latencies._ownMs.Add(total - storage);
                    latencies._storageMs.Add(storage);
                }
            });
            next(app);
        };
    }

    /// <summary>One line per kind with at least <paramref name="minimum"/> requests: count, p50, p95, p99 and max in ms.</summary>
    public IEnumerable<string> Report(int minimum, string prefix)
    {
        lock (_byKind)
        {
            foreach (var (kind, list) in _byKind.Where(k => k.Value.Count >= minimum).OrderByDescending(k => k.Value.Count))
            {
                list.Sort();
                yield return $"{kind.Replace(prefix, "", StringComparison.Ordinal),-34} {list.Count,6}  p50 {Percentiles.Of(list, 50),6:0.0}  p95 {Percentiles.Of(list, 95),6:0.0}  " +
                    $"p99 {Percentiles.Of(list, 99),6:0.0}  max {list[^1],6:0}";
            }
        }
    }
}

public static class Percentiles
{
    /// <summary>The nearest-rank percentile of an ascending list.</summary>
    public static double Of(List<double> sorted, int p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];
}
