using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.Events;
using NetIdentity.Broker.IntegrationTests.Events;
using NetIdentity.Broker.IntegrationTests.Fapi;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Broker.IntegrationTests.Ssf;
using NetIdentity.Client;

namespace NetIdentity.Broker.IntegrationTests.Sdk;

/// <summary>
/// <see cref="NetIdentitySsfClient"/> against the real broker: a platform creates, reads and
/// deletes its stream and polls it, each SET handed to its handler once and acknowledged; on the
/// FAPI 2.0 profile with <c>private_key_jwt</c> and DPoP, as its login authenticates.
/// </summary>
public sealed class SdkSsfClientTests(MockAuthorityFixture mock) : IClassFixture<MockAuthorityFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PollStream_HandsEachSetToTheHandlerOnce_AndAcknowledgesIt()
    {
        await using var broker = mock.StartBroker();
        await using var platform = await SdkPlatform.StartAsync(broker, "a.example", options =>
        {
            options.ClientId = TestPlatforms.A.ClientId;
            options.ClientSecret = TestPlatforms.A.Secret;
        });
        var ssf = platform.Services.GetRequiredService<NetIdentitySsfClient>();
        var stream = await ssf.CreatePollStreamAsync([SsfEventTypes.SessionRevoked, SsfEventTypes.ConsentWithdrawn], Ct);
        var notifier = broker.Services.GetRequiredService<IBackChannelNotifier>();
        var revoked = (await notifier.NotifySessionRevokedAsync(broker.Platform(TestPlatforms.A), new Uri(ProtocolAssert.Issuer), "pairwise-sub-sdk-p1", Ct))!;

        var first = await ssf.PollAsync(stream, cancellationToken: Ct);
        var second = await ssf.PollAsync(stream, cancellationToken: Ct);

        Assert.Equal(new NetIdentityPollResult(1, 0, false), first);
        Assert.Equal(new NetIdentityPollResult(0, 0, false), second);
        Assert.Equal((revoked, "pairwise-sub-sdk-p1"), (Assert.Single(platform.Events.Logouts).Jti, platform.Events.Logouts.Single().Subject));
        Assert.NotNull((await broker.OutboxMessageAsync(revoked)).DeliveredAt);
        Assert.Equal(SsfEventTypes.Poll, stream.Method);
        Assert.Equal($"{ProtocolAssert.Issuer}ssf/poll/{stream.StreamId}", stream.EndpointUrl.AbsoluteUri);
    }

    [Fact]
    public async Task Stream_CreateTwice_IsAConflict_AndDeleteLeavesNone()
    {
        await using var broker = mock.StartBroker();
        await using var platform = await SdkPlatform.StartAsync(broker, "a.example", options =>
        {
            options.ClientId = TestPlatforms.A.ClientId;
            options.ClientSecret = TestPlatforms.A.Secret;
        });
        var ssf = platform.Services.GetRequiredService<NetIdentitySsfClient>();
        var stream = await ssf.CreatePollStreamAsync([SsfEventTypes.SessionRevoked], Ct);

        var conflict = await Assert.ThrowsAsync<NetIdentitySsfException>(() => ssf.CreatePollStreamAsync([SsfEventTypes.SessionRevoked], Ct));
        Assert.Equal((HttpStatusCode.Conflict, "stream_exists"), (conflict.Status, conflict.Error));
        Assert.Equal(stream.StreamId, (await ssf.GetStreamAsync(Ct))!.StreamId);
        Assert.Equal([SsfEventTypes.SessionRevoked], stream.EventsDelivered);

        await ssf.DeleteStreamAsync(stream.StreamId, Ct);

        Assert.Null(await ssf.GetStreamAsync(Ct));
    }

    [Fact]
    public async Task OnFapi2_TheClientAuthenticatesWithAnAssertionAndDpop()
    {
        var fapi = new FapiPlatform("platform-sdk", 40);
        await using var broker = mock.StartBroker(settings: new Dictionary<string, string?>(fapi.Settings()));
        using var dpopKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var platform = await SdkPlatform.StartAsync(broker, "platform-sdk.example", options =>
        {
            options.ClientId = fapi.ClientId;
            options.UseFapi2(fapi.AssertionKey, "ec-1");
            options.DpopKey = dpopKey;
        });
        var ssf = platform.Services.GetRequiredService<NetIdentitySsfClient>();

        var stream = await ssf.CreatePollStreamAsync([SsfEventTypes.SessionRevoked], Ct);

        Assert.Equal(stream.StreamId, (await ssf.GetStreamAsync(Ct))!.StreamId);
        var token = platform.Recorder.To("/connect/token").Last(e => e.Status == HttpStatusCode.OK);
        var form = QueryHelpers.ParseQuery("?" + token.Body);
        Assert.Equal("client_credentials", form["grant_type"].ToString());
        Assert.False(form.ContainsKey("client_secret"));
        Assert.True(form.ContainsKey("client_assertion"));
        Assert.True(token.Headers.ContainsKey("DPoP"));
        var create = Assert.Single(platform.Recorder.To("/ssf/streams"), e => e.Method == HttpMethod.Post);
        Assert.StartsWith("DPoP ", create.Headers["Authorization"], StringComparison.Ordinal);
        Assert.True(create.Headers.ContainsKey("DPoP"));
        fapi.Dispose();
    }
}
