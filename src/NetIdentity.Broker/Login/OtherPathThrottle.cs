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

    /// <summary>Counts an attempt; false when the person's attempts in the window are used up.</summary>
    public async Task<bool> TryAcquireAsync(string personKey, CancellationToken cancellationToken) =>
        await counters.IncrementAsync(Unproven(personKey), _options.Window, time.GetUtcNow(), cancellationToken) <= _options.AttemptsPerIdNumber;

    /// <summary>The attempt ended verified: it no longer counts, and the mismatch delays start over.</summary>
    public async Task ForgiveAsync(string personKey, CancellationToken cancellationToken)
    {
        await counters.DecrementAsync(Unproven(personKey), time.GetUtcNow(), cancellationToken);
        await counters.ResetAsync(Mismatches(personKey), cancellationToken);
    }

    /// <summary>Records a mismatch and returns how long to wait before answering: 1 s, 2 s, 4 s … up to <see cref="OtherPathOptions.MaximumDelay"/>.</summary>
    public async Task<TimeSpan> RecordMismatchAsync(string personKey, CancellationToken cancellationToken)
    {
        var mismatches = await counters.IncrementAsync(Mismatches(personKey), _options.Window, time.GetUtcNow(), cancellationToken);
        return TimeSpan.FromSeconds(Math.Min(Math.Pow(2, mismatches - 1), _options.MaximumDelay.TotalSeconds));
    }

    private string Unproven(string personKey) => keys.For("id-number-unproven", personKey);

    private string Mismatches(string personKey) => keys.For("id-number-mismatches", personKey);
}
