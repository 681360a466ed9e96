using NetIdentity.Client;

namespace NetIdentity.Client.Tests;

/// <summary>
/// The default <see cref="INetIdentityEventDeduplicator"/>: an event's <c>jti</c> is acted on once
/// per issuer while remembered, again after it expires or was forgotten (a failed handler).
/// </summary>
public sealed class EventDeduplicatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TryRecord_OfTheSameJtiTwice_IsTrueThenFalse()
    {
        var deduplicator = new InMemoryNetIdentityEventDeduplicator(new Clock(Now));
        var ct = TestContext.Current.CancellationToken;

        Assert.True(await deduplicator.TryRecordAsync("https://broker.example/", "jti-1", Now.AddDays(1), ct));
        Assert.False(await deduplicator.TryRecordAsync("https://broker.example/", "jti-1", Now.AddDays(1), ct));
        Assert.True(await deduplicator.TryRecordAsync("https://other.example/", "jti-1", Now.AddDays(1), ct));
    }

    [Fact]
    public async Task TryRecord_AfterTheEntryExpired_OrWasForgotten_IsTrueAgain()
    {
        var clock = new Clock(Now);
        var deduplicator = new InMemoryNetIdentityEventDeduplicator(clock);
        var ct = TestContext.Current.CancellationToken;
        Assert.True(await deduplicator.TryRecordAsync("iss", "expiring", Now.AddMinutes(5), ct));
        Assert.True(await deduplicator.TryRecordAsync("iss", "failed", Now.AddDays(1), ct));

        await deduplicator.ForgetAsync("iss", "failed", ct);
        clock.Now = Now.AddMinutes(6);

        Assert.True(await deduplicator.TryRecordAsync("iss", "expiring", Now.AddDays(1), ct));
        Assert.True(await deduplicator.TryRecordAsync("iss", "failed", Now.AddDays(1), ct));
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
