using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Data.IntegrationTests.Infrastructure;
using NetIdentity.Data.Settings;

namespace NetIdentity.Data.IntegrationTests;

/// <summary>Pinned setting fingerprints: a first pin races safely, a repin is a compare-and-set.</summary>
public sealed class SettingPinsTests
{
    private const string Name = "Broker:PairwiseSubjectKey";
    private static readonly DateTimeOffset At = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Providers => TestDatabase.Providers;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TryPin_Twice_KeepsTheFirstFingerprint(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var pins = database.BuildServices().GetRequiredService<ISettingPins>();

        var first = await pins.TryPinAsync(Name, "aa", At, Cancel);
        var second = await database.BuildServices().GetRequiredService<ISettingPins>().TryPinAsync(Name, "bb", At, Cancel);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal("aa", await pins.FindAsync(Name, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Repin_FromAStaleFingerprint_ChangesNothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var pins = database.BuildServices().GetRequiredService<ISettingPins>();
        await pins.TryPinAsync(Name, "aa", At, Cancel);

        var fromCurrent = await pins.RepinAsync(Name, "aa", "bb", At.AddDays(1), Cancel);
        var fromStale = await pins.RepinAsync(Name, "aa", "cc", At.AddDays(2), Cancel);

        Assert.True(fromCurrent);
        Assert.False(fromStale);
        Assert.Equal("bb", await pins.FindAsync(Name, Cancel));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Find_WhenNothingPinned_ReturnsNull(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var pinned = await database.BuildServices().GetRequiredService<ISettingPins>().FindAsync(Name, Cancel);

        Assert.Null(pinned);
    }
}
