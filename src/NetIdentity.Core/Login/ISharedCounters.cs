namespace NetIdentity.Core.Login;

/// <summary>
/// Counters every broker instance shares (issue 11 §1): rate limits and lock-outs must count the
/// attempts made on all instances, or N instances would give an attacker N times the attempts. A
/// counter lives for a fixed window that starts at its first count. Keys are opaque and never hold
/// an address or a person: callers pass them through <c>SharedCounterKeys</c> first.
/// </summary>
public interface ISharedCounters
{
    /// <summary>
    /// Adds one to <paramref name="key"/>'s counter and returns the count in its window, atomically
    /// across instances. A counter whose window ended starts again at one, with a window of
    /// <paramref name="window"/> from <paramref name="now"/>.
    /// </summary>
    Task<long> IncrementAsync(string key, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The count in <paramref name="key"/>'s current window; zero when none.</summary>
    Task<long> ReadAsync(string key, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Takes one back from a live counter, never below zero.</summary>
    Task DecrementAsync(string key, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Removes the counter.</summary>
    Task ResetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Erases every counter whose window ended at or before <paramref name="now"/>; returns how many.</summary>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
