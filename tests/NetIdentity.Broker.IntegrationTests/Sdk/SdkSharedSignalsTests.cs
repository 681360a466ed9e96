using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.Events;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Broker.IntegrationTests.Events;
using NetIdentity.Broker.IntegrationTests.Ssf;

namespace NetIdentity.Broker.IntegrationTests.Sdk;

/// <summary>
/// NetIdentity.Client receiving what the real broker sends on an SSF stream (issue 12 §1): the
/// SETs a poll stream serves, handed to the SDK's <c>MapNetIdentityEvents</c> endpoint as a push
/// would bring them, verified with the broker's keys from the login's discovery document.
/// </summary>
public sealed class SdkSharedSignalsTests(MockAuthorityFixture mock) : IClassFixture<MockAuthorityFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SessionRevoked_ReachesTheHandlersDefault_AsALogoutOfTheSubject()
    {
        await using var test = await StartAsync([SsfEventTypes.SessionRevoked]);
        var jti = (await test.Broker.Services.GetRequiredService<IBackChannelNotifier>()
            .NotifySessionRevokedAsync(test.Broker.Platform(TestPlatforms.A), new Uri(ProtocolAssert.Issuer), "pairwise-sub-sdk-1", Ct))!;

        var answers = await test.DeliverAsync();

        Assert.Equal([HttpStatusCode.Accepted], answers);
        var logout = Assert.Single(test.Platform.Events.Logouts);
        Assert.Equal((jti, "pairwise-sub-sdk-1", (string?)null), (logout.Jti, logout.Subject, logout.Sid));
        Assert.Empty(test.Platform.Events.Withdrawals);
    }

    [Fact]
    public async Task ConsentWithdrawn_OnAStream_ReachesTheHandler_Once()
    {
        await using var test = await StartAsync([SsfEventTypes.ConsentWithdrawn]);
        var jti = (await test.Broker.Services.GetRequiredService<IBackChannelNotifier>()
            .NotifyConsentWithdrawnAsync(test.Broker.Platform(TestPlatforms.A), new Uri(ProtocolAssert.Issuer), "pairwise-sub-sdk-2", ["netid.age"], "consent-sdk-2", Ct))!;

        var first = await test.DeliverAsync();
        var again = await test.DeliverAsync();

        Assert.Equal([HttpStatusCode.Accepted], first);
        Assert.Equal([HttpStatusCode.Accepted], again);
        var withdrawal = Assert.Single(test.Platform.Events.Withdrawals);
        Assert.Equal((jti, "pairwise-sub-sdk-2", "consent-sdk-2"), (withdrawal.Jti, withdrawal.Subject, withdrawal.ConsentId));
        Assert.Equal(["netid.age"], withdrawal.Scopes);
    }

    [Fact]
    public async Task Verification_IsAcknowledged_WithoutCallingTheHandler()
    {
        await using var test = await StartAsync([]);
        Assert.Equal(HttpStatusCode.NoContent, (await test.Ssf.VerifyAsync(test.StreamId, "sdk-state")).Status);

        var answers = await test.DeliverAsync();

        Assert.Equal([HttpStatusCode.Accepted], answers);
        Assert.Empty(test.Platform.Events.Logouts);
        Assert.Empty(test.Platform.Events.Withdrawals);
    }

    private async Task<Test> StartAsync(string[] events)
    {
        var broker = mock.StartBroker();
        var platform = await SdkPlatform.StartAsync(broker, "a.example", options =>
        {
            options.ClientId = TestPlatforms.A.ClientId;
            options.ClientSecret = TestPlatforms.A.Secret;
        });
        var ssf = await SsfClient.ForAsync(broker, TestPlatforms.A);
        var streamId = await ssf.CreatePollAsync(events);
        return new Test(broker, platform, ssf, streamId);
    }

    private sealed record Test(BrokerHost Broker, SdkPlatform Platform, SsfClient Ssf, string StreamId) : IAsyncDisposable
    {
        /// <summary>Polls the stream without acknowledging and pushes each SET to the platform's SDK endpoint; its answers.</summary>
        public async Task<IReadOnlyList<HttpStatusCode>> DeliverAsync()
        {
            var polled = await Ssf.PollAsync(StreamId, new { maxEvents = 10 });
            Assert.Equal(HttpStatusCode.OK, polled.Status);
            var answers = new List<HttpStatusCode>();
            foreach (var (_, set) in polled.Body!["sets"]!.AsObject())
            {
                using var content = new StringContent(set!.GetValue<string>());
                content.Headers.ContentType = new MediaTypeHeaderValue("application/secevent+jwt");
                using var response = await Platform.Browser.PostAsync(new Uri("/events", UriKind.Relative), content, Ct);
                answers.Add(response.StatusCode);
            }

            return answers;
        }

        public async ValueTask DisposeAsync()
        {
            await Platform.DisposeAsync();
            await Broker.DisposeAsync();
        }
    }
}
