using System.Diagnostics;

namespace NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

/// <summary>
/// A clock that starts at a fixed instant, runs at real speed, and can be moved forward. The
/// fixed start keeps age bands stable whatever the day the tests run.
/// </summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    /// <summary>2026-11-22T12:00:00Z: every persona is in the age band its label promises.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private readonly long _started = Stopwatch.GetTimestamp();
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() =>
        start + Stopwatch.GetElapsedTime(_started) + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
