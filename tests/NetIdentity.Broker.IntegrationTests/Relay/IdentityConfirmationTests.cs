using System.Text.Json;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Relay;

/// <summary>
/// Plaintext only with the person's own confirmation in the app (issue 8 §3; the Measures:
/// 经用户单独同意; authority-contract §4 v2), in addition to the broker's separate-consent screen:
/// whoever ticks that screen, the authority releases nothing the verified person did not confirm.
/// </summary>
public sealed class IdentityConfirmationTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    private const string IdentityScope = "openid netid netid.identity";

    [Fact]
    public async Task Session_ForAPlatformAskingForIdentity_AsksTheAppForASeparateConfirmation()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.Lawful) { Scope = IdentityScope });

        var bizSeq = await driver.ChooseNetIdAsync(login);

        Assert.True((await PendingSessionAsync(bizSeq)).GetProperty("identityRelease").GetBoolean());
    }

    [Fact]
    public async Task Session_ForAPlatformNotAskingForIdentity_DoesNotAsk()
    {
        await using var broker = hosts.StartBroker();
        var driver = hosts.NewDriver(broker);
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.A));

        var bizSeq = await driver.ChooseNetIdAsync(login);

        Assert.False((await PendingSessionAsync(bizSeq)).GetProperty("identityRelease").GetBoolean());
    }

    [Fact]
    public async Task Login_IdentityNotConfirmedInTheApp_EndsWithNI1022AndReleasesNoPlaintext()
    {
        await using var broker = hosts.StartBroker();
        var attacker = hosts.NewDriver(broker);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = IdentityScope };
        var login = await attacker.StartAsync(request);
        var bizSeq = await attacker.ChooseNetIdAsync(login);
        using (var approved = await hosts.Mock.ApproveRawAsync(bizSeq, "adult", hosts.Mock.MatchCodeFor(bizSeq), identity: "decline"))
        {
            approved.EnsureSuccessStatusCode();
        }

        var status = await attacker.PollUntilFinishedAsync(login);
        var stop = await attacker.FollowAsync(status.Next!);
        var answer = await attacker.DecideSeparateConsentAsync(new SeparateConsentPage(stop.Page!, stop.Html!), tick: true, "agree");
        var landing = await attacker.FollowToPlatformAsync(answer.Location!);

        ProtocolAssert.LoginError(landing, request, "access_denied", "NI1022");
        Assert.Equal(0, await broker.IdentityDeliveryCountAsync());
        await PlaintextScan.AssertNoneAsync(broker);
    }

    private async Task<JsonElement> PendingSessionAsync(string bizSeq)
    {
        var pending = JsonDocument.Parse(await hosts.Mock.Tester.GetStringAsync(new Uri("tester/sessions", UriKind.Relative), TestContext.Current.CancellationToken)).RootElement;
        return pending.EnumerateArray().Single(s => s.GetProperty("bizSeq").GetString() == bizSeq).Clone();
    }
}
