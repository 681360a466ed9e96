using System.Diagnostics;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>A clock that runs at real speed from a fixed start and can be moved forward.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() =>
        start + Stopwatch.GetElapsedTime(_started) + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
