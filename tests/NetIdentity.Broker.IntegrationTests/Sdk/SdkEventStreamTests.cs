using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.IntegrationTests.Events;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Broker.IntegrationTests.Ssf;
using NetIdentity.Client;

namespace NetIdentity.Broker.IntegrationTests.Sdk;

/// <summary>
/// A platform on an SSF push stream in a few lines (issue 12): <see cref="NetIdentitySsfClient.EnsurePushStreamAsync"/>
/// creates the stream once and adopts it afterwards, and <c>AddNetIdentityEventStream</c> does that
/// at start-up in the background, through a broker that is not answering yet, then asks for a
/// verification event, which the SDK's events endpoint records when it arrives.
/// </summary>
public sealed class SdkEventStreamTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnsurePushStream_CreatesOnce_ThenAdoptsTheSameStream()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        await using var platform = await StartPlatformAsync(broker);
        var ssf = platform.Services.GetRequiredService<NetIdentitySsfClient>();

        var (first, created) = await ssf.EnsurePushStreamAsync(receiver.Endpoint, [SsfEventTypes.ConsentWithdrawn, SsfEventTypes.SessionRevoked], Ct);
        var (again, createdAgain) = await ssf.EnsurePushStreamAsync(receiver.Endpoint, [SsfEventTypes.ConsentWithdrawn], Ct);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first.StreamId, again.StreamId);
        Assert.Equal((SsfEventTypes.Push, receiver.Endpoint), (again.Method, again.EndpointUrl));
        Assert.Equal([SsfEventTypes.ConsentWithdrawn, SsfEventTypes.SessionRevoked], again.EventsDelivered);
        Assert.Equal("enabled", await ssf.GetStatusAsync(first.StreamId, Ct));
        Assert.Single(platform.Recorder.To("/ssf/streams"), e => e.Method == HttpMethod.Post);
    }

    [Fact]
    public async Task EnsurePushStream_WhenThePlatformPolls_RefusesAndLeavesTheStreamAlone()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        await using var platform = await StartPlatformAsync(broker);
        var ssf = platform.Services.GetRequiredService<NetIdentitySsfClient>();
        var poll = await ssf.CreatePollStreamAsync([SsfEventTypes.ConsentWithdrawn], Ct);

        var refused = await Assert.ThrowsAsync<NetIdentitySsfException>(() => ssf.EnsurePushStreamAsync(receiver.Endpoint, [SsfEventTypes.ConsentWithdrawn], Ct));

        Assert.Equal((HttpStatusCode.Conflict, "stream_elsewhere"), (refused.Status, refused.Error));
        Assert.Contains($"The platform's stream {poll.StreamId} delivers by {SsfEventTypes.Poll}", refused.Message, StringComparison.Ordinal);
        Assert.Equal(SsfEventTypes.Poll, (await ssf.GetStreamAsync(Ct))!.Method);
    }

    [Fact]
    public async Task Keeper_WhileTheBrokerIsNotAnswering_RetriesThenEnsuresTheStreamAndIsVerified()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);

        // The broker's SSF metadata answers 503 twice, as while it starts: the platform starts anyway.
        var refusals = 0;
        await using var platform = await StartPlatformAsync(broker, services => services.AddNetIdentityEventStream(options =>
        {
            options.Endpoint = receiver.Endpoint;
            options.MaxRetryDelay = TimeSpan.FromSeconds(2);
        }), recorder => recorder.Tamper = (request, response) =>
        {
            if (request.RequestUri!.AbsolutePath == "/.well-known/ssf-configuration" && Interlocked.Increment(ref refusals) <= 2)
            {
                response.StatusCode = HttpStatusCode.ServiceUnavailable;
            }
        });
        var keeper = platform.Services.GetRequiredService<NetIdentityEventStreamKeeper>();

        var ensured = await WaitForAsync(keeper, s => s.Status is not null);
        Assert.Equal((true, "enabled", (string?)null), (ensured.Created, ensured.Status, ensured.LastProblem));
        Assert.True(ensured.Attempts >= 5, $"{ensured.Attempts} attempts: two refused, then ensure, verify and status.");
        Assert.NotNull(ensured.VerificationRequestedAt);
        Assert.Null(ensured.VerifiedAt);
        var stream = (await platform.Services.GetRequiredService<NetIdentitySsfClient>().GetStreamAsync(Ct))!;
        Assert.Equal(stream.StreamId, ensured.StreamId);

        // The verification SET the broker pushed, handed to the platform's SDK endpoint as it arrived.
        var pushed = await WaitForPushAsync(receiver);
        using var content = new StringContent(pushed.Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/secevent+jwt");
        using var answer = await platform.Browser.PostAsync(new Uri("/events", UriKind.Relative), content, Ct);

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.NotNull(keeper.Current.VerifiedAt);
    }

    [Fact]
    public async Task Keeper_AVerificationEventItDidNotAskFor_DoesNotMarkTheStreamVerified()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        await using var platform = await StartPlatformAsync(broker, services => services.AddNetIdentityEventStream(options =>
        {
            options.Endpoint = receiver.Endpoint;
            options.Verify = false;
        }));
        var keeper = platform.Services.GetRequiredService<NetIdentityEventStreamKeeper>();
        var ensured = await WaitForAsync(keeper, s => s.Status is not null);

        // Someone else's verification request (another state) on the same stream.
        var ssf = platform.Services.GetRequiredService<NetIdentitySsfClient>();
        await ssf.VerifyAsync(ensured.StreamId!, "not-the-keepers-state", Ct);
        var pushed = await WaitForPushAsync(receiver);
        using var content = new StringContent(pushed.Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/secevent+jwt");
        using var answer = await platform.Browser.PostAsync(new Uri("/events", UriKind.Relative), content, Ct);

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Null(keeper.Current.VerifiedAt);
        Assert.Null(ensured.VerificationRequestedAt);
    }

    private static Task<SdkPlatform> StartPlatformAsync(BrokerHost broker, Action<IServiceCollection>? services = null, Action<Recorder>? recorder = null) =>
        SdkPlatform.StartAsync(broker, "events.example", options =>
        {
            options.ClientId = EventsBroker.Listening.ClientId;
            options.ClientSecret = EventsBroker.Listening.Secret;
        }, services, recorder);

    private static async Task<NetIdentityEventStreamState> WaitForAsync(NetIdentityEventStreamKeeper keeper, Func<NetIdentityEventStreamState, bool> until)
    {
        var deadline = DateTimeOffset.UtcNow + Wait;
        while (!until(keeper.Current))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"The stream keeper did not get there within {Wait.TotalSeconds} s: {keeper.Current}");
            await Task.Delay(100, Ct);
        }

        return keeper.Current;
    }

    private static async Task<ReceivedPush> WaitForPushAsync(EventReceiver receiver)
    {
        var deadline = DateTimeOffset.UtcNow + Wait;
        while (receiver.Requests.Count == 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"The broker pushed nothing within {Wait.TotalSeconds} s.");
            await Task.Delay(100, Ct);
        }

        return Assert.Single(receiver.Requests);
    }
}
