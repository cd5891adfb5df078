namespace PropertyFunctions.Core.Common;

/// <summary>Fixed-window counters shared by every instance of the app.</summary>
public interface IRateLimiter
{
    /// <summary>Counts one hit against <paramref name="subject"/> in the window containing <paramref name="now"/>; false when the limit is already reached.</summary>
    Task<bool> TryAcquireAsync(string subject, int limit, DateTimeOffset windowStart, CancellationToken ct);
}
