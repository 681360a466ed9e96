using NetIdentity.Client;

namespace NetIdentity.Client.Tests;

/// <summary>
/// A handler written before SSF streams existed still compiles and does the right thing with their
/// events (docs/events.md, "SSF streams"): session-revoked ends the subject's sessions through
/// <see cref="INetIdentityBackChannelHandler.OnLoggedOutAsync"/>, a verification event needs nothing.
/// </summary>
public sealed class BackChannelHandlerDefaultsTests
{
    private static readonly DateTimeOffset Revoked = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SessionRevoked_ByDefault_IsALogoutOfTheSubjectWithoutSid()
    {
        var handler = new OlderHandler();

        await ((INetIdentityBackChannelHandler)handler).OnSessionRevokedAsync(
            new NetIdentitySessionRevoked("jti-1", Revoked.AddSeconds(1), "pairwise-sub", Revoked), TestContext.Current.CancellationToken);

        var logout = Assert.Single(handler.Logouts);
        Assert.Equal(new NetIdentityLogout("jti-1", Revoked, "pairwise-sub", Sid: null), logout);
        Assert.Empty(handler.Withdrawals);
    }

    [Fact]
    public async Task StreamVerified_ByDefault_DoesNothing()
    {
        var handler = new OlderHandler();

        await ((INetIdentityBackChannelHandler)handler).OnStreamVerifiedAsync(
            new NetIdentityStreamVerification("jti-2", "stream-1", "state"), TestContext.Current.CancellationToken);

        Assert.Empty(handler.Logouts);
        Assert.Empty(handler.Withdrawals);
    }

    [Fact]
    public async Task SessionRevoked_WithoutAnEvent_Throws()
    {
        INetIdentityBackChannelHandler handler = new OlderHandler();

        await Assert.ThrowsAsync<ArgumentNullException>(() => handler.OnSessionRevokedAsync(null!, TestContext.Current.CancellationToken));
    }

    /// <summary>A handler as platforms wrote them before SSF: only the two original methods.</summary>
    private sealed class OlderHandler : INetIdentityBackChannelHandler
    {
        public List<NetIdentityLogout> Logouts { get; } = [];

        public List<NetIdentityConsentWithdrawal> Withdrawals { get; } = [];

        public Task OnConsentWithdrawnAsync(NetIdentityConsentWithdrawal withdrawal, CancellationToken cancellationToken)
        {
            Withdrawals.Add(withdrawal);
            return Task.CompletedTask;
        }

        public Task OnLoggedOutAsync(NetIdentityLogout logout, CancellationToken cancellationToken)
        {
            Logouts.Add(logout);
            return Task.CompletedTask;
        }
    }
}
