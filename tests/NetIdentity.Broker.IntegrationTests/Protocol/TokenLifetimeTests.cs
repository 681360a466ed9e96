using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Protocol;

/// <summary>
/// Lifetimes on the broker's clock: a code lives 60 s (FAPI 2.0 §5.3.2.1, every platform), and a
/// used refresh token may be retried within a 30 s grace (a lost response) but is treated as
/// theft after it (RFC 9700 §4.14.2): the grant is revoked. Each test has its own broker and clock.
/// </summary>
public sealed class TokenLifetimeTests(MockAuthorityFixture mock) : IClassFixture<MockAuthorityFixture>
{
    [Fact]
    public async Task Token_WhenCodeRedeemedAfter60Seconds_IsInvalidGrant()
    {
        var (broker, clock, driver, request, code) = await LoginAsync();
        using var _ = broker;
        clock.Advance(TimeSpan.FromSeconds(61));

        var tokens = await driver.RedeemAsync(request, code);

        Assert.Equal(HttpStatusCode.BadRequest, tokens.Status);
        Assert.Equal("invalid_grant", tokens.Error);
        Assert.Equal("The specified authorization code is no longer valid.", tokens.ErrorDescription);
    }

    [Fact]
    public async Task Token_WhenCodeRedeemedWithin60Seconds_IssuesTokens()
    {
        var (broker, clock, driver, request, code) = await LoginAsync();
        using var _ = broker;
        clock.Advance(TimeSpan.FromSeconds(55));

        var tokens = await driver.RedeemAsync(request, code);

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
    }

    [Fact]
    public async Task Refresh_WhenRetriedWithinGrace_IssuesNewTokens()
    {
        var (broker, clock, driver, request, code) = await LoginAsync();
        using var _ = broker;
        var first = await driver.RedeemAsync(request, code);
        var lost = await driver.RefreshAsync(TestPlatforms.A, first.RefreshToken!);
        Assert.Equal(HttpStatusCode.OK, lost.Status);
        clock.Advance(TimeSpan.FromSeconds(20));

        var retry = await driver.RefreshAsync(TestPlatforms.A, first.RefreshToken!);

        Assert.Equal(HttpStatusCode.OK, retry.Status);
        Assert.NotNull(retry.RefreshToken);
    }

    [Fact]
    public async Task Refresh_WhenReusedAfterGrace_IsInvalidGrantAndRevokesNewToken()
    {
        var (broker, clock, driver, request, code) = await LoginAsync();
        using var _ = broker;
        var first = await driver.RedeemAsync(request, code);
        var refreshed = await driver.RefreshAsync(TestPlatforms.A, first.RefreshToken!);
        clock.Advance(TimeSpan.FromSeconds(31));

        var reuse = await driver.RefreshAsync(TestPlatforms.A, first.RefreshToken!);

        Assert.Equal(HttpStatusCode.BadRequest, reuse.Status);
        Assert.Equal("invalid_grant", reuse.Error);
        Assert.Equal("The specified refresh token has already been redeemed.", reuse.ErrorDescription);
        Assert.False((await driver.IntrospectAsync(TestPlatforms.A, refreshed.RefreshToken!)).GetProperty("active").GetBoolean());
    }

    private async Task<(BrokerHost Broker, ManualClock Clock, LoginDriver Driver, AuthorizationRequest Request, string Code)> LoginAsync()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var broker = mock.StartBroker(services => services.AddSingleton<TimeProvider>(clock));
        var driver = mock.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.A) { Scope = "openid netid offline_access" };
        var query = LoginDriver.Query(await driver.LoginAsync(request));
        return (broker, clock, driver, request, query["code"]);
    }
}
