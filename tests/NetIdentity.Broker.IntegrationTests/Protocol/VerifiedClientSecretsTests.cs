using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Broker.Oidc;
using OpenIddict.Abstractions;

namespace NetIdentity.Broker.IntegrationTests.Protocol;

/// <summary>
/// <see cref="VerifiedClientSecrets"/>: a client secret's PBKDF2 check is remembered only as a
/// match, only for the stored hash it matched, and only for a few minutes (issue 10). Each test
/// is an attack the memory must not help: a wrong secret, a rotated secret, an old match.
/// </summary>
public sealed class VerifiedClientSecretsTests
{
    private const string Secret = "the-right-secret-of-a-platform-0123456789";
    private const string StoredHash = "AQAAAAEAACcQAAAAEOldHash";

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
    private int _fullChecks;

    [Fact]
    public async Task IsMatch_SecondTimeWithinLifetime_SkipsTheFullCheck()
    {
        var secrets = new VerifiedClientSecrets(_clock);

        Assert.True(await secrets.IsMatchAsync(Secret, StoredHash, FullCheck(Secret, Secret)));
        Assert.True(await secrets.IsMatchAsync(Secret, StoredHash, FullCheck(Secret, Secret)));

        Assert.Equal(1, _fullChecks);
    }

    [Fact]
    public async Task IsMatch_WrongSecretAfterAMatch_GoesThroughTheFullCheckAndFails()
    {
        var secrets = new VerifiedClientSecrets(_clock);
        await secrets.IsMatchAsync(Secret, StoredHash, FullCheck(Secret, Secret));

        Assert.False(await secrets.IsMatchAsync(Secret + "x", StoredHash, FullCheck(Secret + "x", Secret)));
        Assert.False(await secrets.IsMatchAsync(Secret + "x", StoredHash, FullCheck(Secret + "x", Secret)));

        Assert.Equal(3, _fullChecks);
    }

    [Fact]
    public async Task IsMatch_FailureIsNeverRemembered()
    {
        var secrets = new VerifiedClientSecrets(_clock);

        Assert.False(await secrets.IsMatchAsync(Secret, StoredHash, () => Count(false)));
        Assert.True(await secrets.IsMatchAsync(Secret, StoredHash, () => Count(true)));

        Assert.Equal(2, _fullChecks);
    }

    [Fact]
    public async Task IsMatch_OldSecretAfterRotation_IsCheckedAgainstTheNewHashAndFails()
    {
        var secrets = new VerifiedClientSecrets(_clock);
        await secrets.IsMatchAsync(Secret, StoredHash, FullCheck(Secret, Secret));

        // The operator rotated the secret: the application now stores another hash (another salt).
        Assert.False(await secrets.IsMatchAsync(Secret, "AQAAAAEAACcQAAAAENewHash", FullCheck(Secret, "the-new-secret-0123456789-0123456789")));

        Assert.Equal(2, _fullChecks);
    }

    [Fact]
    public async Task IsMatch_AfterLifetime_ChecksInFullAgain()
    {
        var secrets = new VerifiedClientSecrets(_clock);
        await secrets.IsMatchAsync(Secret, StoredHash, FullCheck(Secret, Secret));

        _clock.Advance(VerifiedClientSecrets.Lifetime + TimeSpan.FromSeconds(1));

        Assert.True(await secrets.IsMatchAsync(Secret, StoredHash, FullCheck(Secret, Secret)));
        Assert.Equal(2, _fullChecks);
    }

    [Fact]
    public async Task IsMatch_BeyondCapacity_ForgetsRatherThanGrows()
    {
        var secrets = new VerifiedClientSecrets(_clock);
        for (var i = 0; i <= VerifiedClientSecrets.Capacity; i++)
        {
            await secrets.IsMatchAsync(Secret, StoredHash + i, () => ValueTask.FromResult(true));
        }

        Assert.True(await secrets.IsMatchAsync(Secret, StoredHash + "0", FullCheck(Secret, Secret)));
        Assert.Equal(1, _fullChecks);
    }

    /// <summary>The PBKDF2 check as the manager runs it: does the presented secret match the one stored?</summary>
    private Func<ValueTask<bool>> FullCheck(string presented, string stored) => () => Count(presented == stored);

    private ValueTask<bool> Count(bool result)
    {
        Interlocked.Increment(ref _fullChecks);
        return ValueTask.FromResult(result);
    }
}
