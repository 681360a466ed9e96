using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using NetIdentity.Broker.IntegrationTests.Events;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Broker.IntegrationTests.Logout;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.IntegrationTests.Ssf;

/// <summary>
/// SSF events raised by what a person does (issue 12 §1), through the real broker and the mock
/// authority: withdrawing everything from a platform, signing out of every platform. The events
/// travel on the platform's stream; the registered <c>BackChannelEventUri</c> gets nothing the stream carries.
/// </summary>
public sealed class SsfFlowTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithdrawEverything_OnAPollStream_DeliversTheWithdrawalAndOneSessionRevoked()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = LogoutBroker.Start(hosts, receiver);
        var driver = hosts.NewDriver(broker);
        var ssf = await SsfClient.ForAsync(broker, TestPlatforms.Lawful);
        var streamId = await ssf.CreatePollAsync([SsfEventTypes.ConsentWithdrawn, SsfEventTypes.SessionRevoked]);
        var request = new AuthorizationRequest(TestPlatforms.Lawful) { Scope = "openid netid netid.age" };
        var consented = await driver.LoginWithConsentAsync(request, grant: ["netid.age"]);
        var tokens = await driver.RedeemAsync(request, consented.Code);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, TestPlatforms.Lawful.ClientId, request.Nonce);

        await driver.WithdrawAllAsync(await driver.SignInToMyAuthorizationsAsync(), TestPlatforms.Lawful.ClientId);

        var sets = await SsfPollTests.PollSetsAsync(broker, ssf, streamId);
        Assert.Equal(2, sets.Count);
        var withdrawn = Assert.Single(sets, s => SsfPollTests.EventType(s) == SsfEventTypes.ConsentWithdrawn);
        var revoked = Assert.Single(sets, s => SsfPollTests.EventType(s) == SsfEventTypes.SessionRevoked);
        Assert.Equal(idToken.Subject, SsfPollTests.SubjectId(withdrawn).GetProperty("sub").GetString());
        Assert.Equal(idToken.Subject, SsfPollTests.Event(withdrawn).GetProperty("subject").GetProperty("sub").GetString());
        Assert.Equal(["netid.age"], SsfPollTests.Event(withdrawn).GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("iss_sub", SsfPollTests.SubjectId(revoked).GetProperty("format").GetString());
        Assert.Equal(idToken.Subject, SsfPollTests.SubjectId(revoked).GetProperty("sub").GetString());

        // The stream carries the withdrawal: nothing went to the registered BackChannelEventUri.
        var queued = await broker.Services.GetRequiredService<IEventOutbox>().ListAsync(new OutboxQuery(TestPlatforms.Lawful.ClientId, null, 100), Ct);
        Assert.DoesNotContain(queued, m => m.Endpoint == TestPlatforms.ClosedEventEndpoint);
        await PlaintextScan.AssertNoneAsync(broker);
    }

    [Fact]
    public async Task SignOutEverywhere_OnAPollStream_DeliversSessionRevoked()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = LogoutBroker.Start(hosts, receiver, ordinaryToo: false);
        var driver = hosts.NewDriver(broker);
        var ssf = await SsfClient.ForAsync(broker, TestPlatforms.Lawful);
        var streamId = await ssf.CreatePollAsync([SsfEventTypes.SessionRevoked]);
        var (_, idToken) = await LogoutBroker.LoginAsync(driver, TestPlatforms.Lawful);

        await driver.SignOutEverywhereAsync(await driver.SignInToMyAuthorizationsAsync());

        var revoked = Assert.Single(await SsfPollTests.PollSetsAsync(broker, ssf, streamId));
        Assert.Equal(SsfEventTypes.SessionRevoked, SsfPollTests.EventType(revoked));
        Assert.Equal(idToken.Subject, SsfPollTests.SubjectId(revoked).GetProperty("sub").GetString());
        Assert.Equal(["event_timestamp", "initiating_entity"], SsfPollTests.Event(revoked).EnumerateObject().Select(p => p.Name));
        Assert.Equal("user", SsfPollTests.Event(revoked).GetProperty("initiating_entity").GetString());
    }

    [Fact]
    public async Task SsfEndpoint_WithAPersonsAccessToken_Answers403InsufficientScope()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = LogoutBroker.Start(hosts, receiver, ordinaryToo: false);
        var driver = hosts.NewDriver(broker);
        var (tokens, _) = await LogoutBroker.LoginAsync(driver, TestPlatforms.Lawful);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ssf/streams");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);

        using var response = await broker.CreateClient().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("insufficient_scope", body.RootElement.GetProperty("error").GetString());
        Assert.Equal("The access token lacks the 'ssf.manage' scope.", body.RootElement.GetProperty("error_description").GetString());
        Assert.StartsWith("Bearer realm=\"ssf\", error=\"insufficient_scope\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }
}
