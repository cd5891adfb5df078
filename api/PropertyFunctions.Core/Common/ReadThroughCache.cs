using System.Collections.Concurrent;

namespace PropertyFunctions.Core.Common;

/// <summary>
/// What an instance keeps of a storage read for a while: settings and rosters that change a few times a day but that every
/// request reads. One read per key at a time: callers that come while a key is being read wait for that read instead of
/// making their own, so when an entry expires under load (50 submissions at once) storage gets one request, not 50. The
/// shared read is not cancelled with the caller that started it. A failed read, or a value <c>keep</c> declines, is not
/// kept. Past <c>capacity</c> keys it starts afresh, so made-up keys (a flood of unknown communities) cannot grow it without end.
/// Expiry follows the desk's clock.
/// </summary>
public sealed class ReadThroughCache<TKey, TValue>(TimeSpan keepFor, int capacity, TimeProvider time, Func<TValue, bool>? keep = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();

    public Task<TValue> GetAsync(TKey key, Func<CancellationToken, Task<TValue>> read, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        Entry? mine = null;
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out entry!) || !entry.ServesAt(now, keepFor))
            {
                if (_entries.Count >= capacity)
                {
                    _entries.Clear();
                }
                entry = mine = new Entry(now);
                _entries[key] = entry;
            }
        }
        if (mine is not null)
        {
            _ = FillAsync(key, mine, read);
        }
        return entry.Value.Task.WaitAsync(ct);
    }

    /// <summary>This instance reads the key afresh next time (it has just changed it).</summary>
    public void Forget(TKey key) => _entries.TryRemove(key, out _);

    public void Clear() => _entries.Clear();

    private async Task FillAsync(TKey key, Entry entry, Func<CancellationToken, Task<TValue>> read)
    {
        try
        {
            var value = await read(CancellationToken.None);
            if (keep is not null && !keep(value))
            {
                _entries.TryRemove(new KeyValuePair<TKey, Entry>(key, entry));
            }
            entry.Value.SetResult(value);
        }
        catch (Exception ex)
        {
            _entries.TryRemove(new KeyValuePair<TKey, Entry>(key, entry));
            entry.Value.SetException(ex);
        }
    }

    /// <summary>A read under way or done, and when it began.</summary>
    private sealed class Entry(DateTimeOffset readAt)
    {
        public TaskCompletionSource<TValue> Value { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Under way (share it), or read within <paramref name="keepFor"/> and not in the future (a test's clock went back).</summary>
        public bool ServesAt(DateTimeOffset now, TimeSpan keepFor) =>
            !Value.Task.IsCompleted || (Value.Task.IsCompletedSuccessfully && now >= readAt && now - readAt < keepFor);
    }
}
