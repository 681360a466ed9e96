using Microsoft.Extensions.Options;

namespace NetIdentity.Broker.Login;

/// <summary>
/// Per-ID-number limits of the other way: a lock-out after too many <em>failed</em> attempts in a
/// window, with a clear message, and growing delays after each mismatch. An attempt counts from
/// the moment it asks the authority and is forgiven only when its login ends verified, so a person
/// who logs in often is never locked out, while mismatches, codes sent but never entered (SMS
/// flooding of the number's phone) and failed face checks all count. Keys are derived from the
/// person's keyed-hash key, never the number. Per address and per login <see cref="SharedRateLimits"/>
/// does the same. Counted in <see cref="ISharedCounters"/>, so every instance sees every attempt.
/// </summary>
public sealed class OtherPathThrottle(IOptions<OtherPathOptions> options, ISharedCounters counters, SharedCounterKeys keys, TimeProvider time)
{
    private readonly OtherPathOptions _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;

    /// <summary>The throttle's key for a person (their keyed-hash key, never the number).</summary>
    public static string KeyFor(string personKey) => personKey;

    /// <summary>Counts an attempt; false when the person's attempts in the window are used up.</summary>
    public async Task<bool> TryAcquireAsync(string key, CancellationToken cancellationToken) =>
        await counters.IncrementAsync(Unproven(key), _options.Window, time.GetUtcNow(), cancellationToken) <= _options.AttemptsPerIdNumber;

    /// <summary>The attempt ended verified: it no longer counts, and the mismatch delays start over.</summary>
    public async Task ForgiveAsync(string key, CancellationToken cancellationToken)
    {
        await counters.DecrementAsync(Unproven(key), time.GetUtcNow(), cancellationToken);
        await counters.ResetAsync(Mismatches(key), cancellationToken);
    }

    /// <summary>Records a mismatch and returns how long to wait before answering: 1 s, 2 s, 4 s … up to <see cref="OtherPathOptions.MaximumDelay"/>.</summary>
    public async Task<TimeSpan> RecordMismatchAsync(string key, CancellationToken cancellationToken)
    {
        var mismatches = await counters.IncrementAsync(Mismatches(key), _options.Window, time.GetUtcNow(), cancellationToken);
        return TimeSpan.FromSeconds(Math.Min(Math.Pow(2, mismatches - 1), _options.MaximumDelay.TotalSeconds));
    }

    private string Unproven(string key) => keys.For("id-number-unproven", key);

    private string Mismatches(string key) => keys.For("id-number-mismatches", key);
}
