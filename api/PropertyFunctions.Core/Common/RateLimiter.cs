namespace PropertyFunctions.Core.Common;

/// <summary>One limit on one subject: at most <paramref name="Limit"/> hits a window.</summary>
public sealed record RateLimit(string Subject, int Limit);

/// <summary>Fixed-window counters shared by every instance of the app.</summary>
public interface IRateLimiter
{
    /// <summary>
    /// Counts one hit against every limit, all or none, in the window starting at <paramref name="windowStart"/>: returns the
    /// first limit already reached (and counts nothing), or null when the hit counted against all of them. The subjects
    /// must differ.
    /// </summary>
    Task<RateLimit?> TryAcquireAllAsync(IReadOnlyList<RateLimit> limits, DateTimeOffset windowStart, CancellationToken ct);

    /// <summary>
    /// Counts one hit against a large budget (a community's SMS an hour): like <see cref="TryAcquireAsync"/>, never more than
    /// <paramref name="limit"/> hits across instances, but an implementation may take slots in chunks and spend them from
    /// memory, so most hits ask storage nothing; a chunk an instance did not use by the window's end is lost to the budget.
    /// </summary>
    Task<bool> TryAcquireFromBudgetAsync(string subject, int limit, DateTimeOffset windowStart, CancellationToken ct) =>
        TryAcquireAsync(subject, limit, windowStart, ct);

    /// <summary>Counts one hit against <paramref name="subject"/>; false when its limit is already reached.</summary>
    async Task<bool> TryAcquireAsync(string subject, int limit, DateTimeOffset windowStart, CancellationToken ct) =>
        await TryAcquireAllAsync([new RateLimit(subject, limit)], windowStart, ct) is null;
}
