namespace NetIdentity.Broker.Events;

/// <summary>
/// When to try an undelivered event again: exponential backoff from 2 s, at most 10 minutes, with
/// ±20 % jitter so that the events of one platform that was down do not all return at once.
/// </summary>
internal static class RetrySchedule
{
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(10);

    public const double Jitter = 0.2;

    /// <summary>The delay before the next attempt, after <paramref name="failedAttempts"/> failed ones (≥ 1).</summary>
    /// <param name="failedAttempts">How many attempts failed so far, this one included.</param>
    /// <param name="random">A number in [0, 1) that places the delay within the jitter.</param>
    public static TimeSpan DelayAfter(int failedAttempts, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);

        // 2^(n-1) × 2 s: 2, 4, 8 … s; the exponent is bounded long before it could overflow.
        var exponent = Math.Min(failedAttempts - 1, 30);
        var nominal = Math.Min(BaseDelay.TotalSeconds * Math.Pow(2, exponent), MaxDelay.TotalSeconds);
        return TimeSpan.FromSeconds(nominal * (1 - Jitter + (2 * Jitter * Math.Clamp(random, 0, 1))));
    }

    /// <summary>The nominal delay (without jitter) after <paramref name="failedAttempts"/> failed attempts.</summary>
    public static TimeSpan NominalDelayAfter(int failedAttempts) => DelayAfter(failedAttempts, 0.5);
}
