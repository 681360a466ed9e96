using NetIdentity.Broker.Events;

namespace NetIdentity.Broker.IntegrationTests.Events;

/// <summary>The retry schedule alone (unit level): 2^(n-1) × 2 s, at most 10 minutes, ±20 %.</summary>
public sealed class RetryScheduleTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(6, 64)]
    [InlineData(9, 512)]
    [InlineData(10, 600)]
    [InlineData(1000, 600)]
    public void DelayAfter_NthFailure_IsExponentialAndCapped(int failedAttempts, int nominalSeconds)
    {
        var nominal = TimeSpan.FromSeconds(nominalSeconds);

        Assert.Equal(nominal, RetrySchedule.DelayAfter(failedAttempts, 0.5));
        Assert.Equal(nominal * 0.8, RetrySchedule.DelayAfter(failedAttempts, 0));
        Assert.Equal(nominal * 1.2, RetrySchedule.DelayAfter(failedAttempts, 1));
    }

    [Fact]
    public void DelayAfter_ZeroFailures_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RetrySchedule.DelayAfter(0, 0.5));
    }
}
