namespace PropertyFunctions.Core.Common;

/// <summary>Something changed so often that a write lost every race: the caller should try again a moment later (HTTP 503).</summary>
public sealed class ContentionException(string message) : Exception(message);

/// <summary>
/// The one home of optimistic concurrency: an attempt reads, decides and writes under the ETag it read; when the write loses
/// a race it answers null and is run again on a fresh read. Side effects of an attempt (queued SMS) must be safe to repeat.
/// </summary>
public static class Optimistic
{
    public const int Attempts = 5;

    /// <param name="attempt">Given the attempt number (0 first); answers the outcome, or null when its write lost a race.</param>
    public static async Task<T> RetryAsync<T>(Func<int, Task<T?>> attempt, string what, int attempts = Attempts) where T : class
    {
        for (var i = 0; i < attempts; i++)
        {
            if (await attempt(i) is { } outcome)
            {
                return outcome;
            }
        }
        throw new ContentionException($"{what} kept changing; try again.");
    }
}
