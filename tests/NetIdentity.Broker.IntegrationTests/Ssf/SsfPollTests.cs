using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using NetIdentity.Broker.Events;
using NetIdentity.Broker.IntegrationTests.Events;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.IntegrationTests.Ssf;

/// <summary>
/// Delivery on SSF streams through the real broker and its outbox: poll (RFC 8936) with
/// acknowledgements, re-serving and <c>setErrs</c>; push (RFC 8935) with the stream's
/// Authorization header; pause and disable (SSF 1.0 §8.1.2); verification (§8.1.4); and a
/// platform without a stream, which keeps receiving at its registered endpoint exactly as before.
/// </summary>
public sealed class SsfPollTests
{
    /// <summary>
    /// How long a push may take through the outbox (polled every 200 ms here): generous, since each
    /// wait ends as soon as its condition holds; a loaded machine right after a build is slow.
    /// </summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Poll_ServesUnacknowledgedSetsAgain_AndNeverAcknowledgedOnes()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        var ssf = await SsfClient.ForAsync(broker, EventsBroker.Listening);
        var streamId = await ssf.CreatePollAsync([SsfEventTypes.ConsentWithdrawn]);
        var first = (await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-p1", ["netid.age"], "consent-p1"))!;
        var second = (await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-p2", ["netid.masked"], "consent-p2"))!;

        var served = await ssf.PollAsync(streamId, new { maxEvents = 1, returnImmediately = true });
        Assert.Equal(HttpStatusCode.OK, served.Status);
        Assert.Equal([first], served.Body!["sets"]!.AsObject().Select(p => p.Key));
        Assert.True(served.Body["moreAvailable"]!.GetValue<bool>());
        var set = await SecurityEventTokenTests.ValidateAsync(broker, served.Body["sets"]![first]!.GetValue<string>(), EventsBroker.Listening.ClientId);
        Assert.Equal("secevent+jwt", set.Typ);
        Assert.Equal("pairwise-sub-p1", SubjectId(set).GetProperty("sub").GetString());

        // Not acknowledged: served again.
        var again = await ssf.PollAsync(streamId, new { maxEvents = 10 });
        Assert.Equal([first, second], again.Body!["sets"]!.AsObject().Select(p => p.Key));
        Assert.False(again.Body["moreAvailable"]!.GetValue<bool>());

        var acked = await ssf.PollAsync(streamId, new { ack = new[] { first }, maxEvents = 10 });
        Assert.Equal([second], acked.Body!["sets"]!.AsObject().Select(p => p.Key));
        Assert.NotNull((await broker.OutboxMessageAsync(first)).DeliveredAt);

        var last = await ssf.PollAsync(streamId, new { ack = new[] { second }, maxEvents = 0 });
        Assert.Empty(last.Body!["sets"]!.AsObject());
        Assert.False(last.Body["moreAvailable"]!.GetValue<bool>());
        Assert.Empty((await ssf.PollAsync(streamId, new { returnImmediately = true })).Body!["sets"]!.AsObject());
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Poll_SetErrs_AcknowledgesWithTheErrorCode()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        var ssf = await SsfClient.ForAsync(broker, EventsBroker.Listening);
        var streamId = await ssf.CreatePollAsync([SsfEventTypes.ConsentWithdrawn]);
        var jti = (await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-e1", ["netid.age"], "consent-e1"))!;

        var answer = await ssf.PollAsync(streamId, new Dictionary<string, object>
        {
            ["setErrs"] = new Dictionary<string, object> { [jti] = new { err = "invalid_key", description = "not ours" } },
            ["returnImmediately"] = true,
        });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Empty(answer.Body!["sets"]!.AsObject());
        var message = await broker.OutboxMessageAsync(jti);
        Assert.NotNull(message.DeliveredAt);
        Assert.Equal("setErr:invalid_key", message.LastError);
    }

    [Fact]
    public async Task Poll_AckOfAnotherStreamsEvent_ChangesNothing()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        var owner = await SsfClient.ForAsync(broker, EventsBroker.Listening);
        await owner.CreatePollAsync([SsfEventTypes.ConsentWithdrawn]);
        var jti = (await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-f1", ["netid.age"], "consent-f1"))!;
        var other = await SsfClient.ForAsync(broker, EventsBroker.Quiet);
        var otherStream = await other.CreatePollAsync([SsfEventTypes.ConsentWithdrawn]);

        var forged = await other.PollAsync(otherStream, new { ack = new[] { jti }, returnImmediately = true });

        Assert.Equal(HttpStatusCode.OK, forged.Status);
        Assert.Null((await broker.OutboxMessageAsync(jti)).DeliveredAt);
    }

    [Fact]
    public async Task Poll_WithAMalformedRequest_Answers400()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        var ssf = await SsfClient.ForAsync(broker, EventsBroker.Listening);
        var streamId = await ssf.CreatePollAsync([SsfEventTypes.ConsentWithdrawn]);

        var answer = await ssf.PollAsync(streamId, new { ack = "not-an-array" });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("invalid_request", answer.Error);
        Assert.Equal("'ack' must be an array of jti strings.", answer.Description);
    }

    [Fact]
    public async Task Poll_OfAPushStream_IsNotFound_AndItsEventsArePushed()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        var ssf = await SsfClient.ForAsync(broker, EventsBroker.Listening);
        var streamId = await ssf.CreatePushAsync(receiver.Endpoint, [SsfEventTypes.ConsentWithdrawn]);
        await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-x1", ["netid.age"], "consent-x1");

        Assert.Equal(HttpStatusCode.NotFound, (await ssf.PollAsync(streamId, new { })).Status);
        Assert.True(await receiver.WaitForRequestsAsync(1, Wait));
    }

    [Fact]
    public async Task Push_OnAStream_CarriesSubIdAndTheStreamsAuthorizationHeader()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        var ssf = await SsfClient.ForAsync(broker, EventsBroker.Listening);
        await ssf.CreatePushAsync(receiver.Endpoint, [SsfEventTypes.ConsentWithdrawn, SsfEventTypes.SessionRevoked], authorization: "Bearer receiver-secret");
        var withdrawn = (await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-s1", ["netid.age"], "consent-s1"))!;
        var revoked = (await broker.Services.GetRequiredService<IBackChannelNotifier>()
            .NotifySessionRevokedAsync(broker.Platform(EventsBroker.Listening), EventsBroker.Issuer, "pairwise-sub-s1", Ct))!;

        Assert.True(await receiver.WaitForRequestsAsync(2, Wait));
        Assert.All(receiver.Requests, r =>
        {
            Assert.Equal("application/secevent+jwt", r.ContentType);
            Assert.Equal("Bearer receiver-secret", r.Authorization);
        });
        var sets = new List<JsonWebToken>();
        foreach (var request in receiver.Requests)
        {
            sets.Add(await SecurityEventTokenTests.ValidateAsync(broker, request.Body, EventsBroker.Listening.ClientId));
        }

        var withdrawal = Assert.Single(sets, s => s.Id == withdrawn);
        Assert.Equal(["aud", "events", "iat", "iss", "jti", "sub_id"], IdTokens.ClaimNames(withdrawal));
        Assert.Equal("pairwise-sub-s1", SubjectId(withdrawal).GetProperty("sub").GetString());
        Assert.Equal("pairwise-sub-s1", Event(withdrawal).GetProperty("subject").GetProperty("sub").GetString());
        var revocation = Assert.Single(sets, s => s.Id == revoked);
        Assert.Equal(SsfEventTypes.SessionRevoked, EventType(revocation));
        var revokedAt = Event(revocation).GetProperty("event_timestamp").GetInt64();
        Assert.InRange(revocation.GetPayloadValue<long>("iat"), revokedAt, revokedAt + (long)Wait.TotalSeconds);

        // The stored header is protected, never the plain value (docs/events.md, "SSF streams").
        var stream = await broker.Services.GetRequiredService<NetIdentity.Core.Streams.IEventStreams>().ForPlatformAsync(EventsBroker.Listening.ClientId, Ct);
        Assert.DoesNotContain("receiver-secret", stream!.AuthorizationHeader, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionRevoked_IsSentOnlyOnAStreamThatAsksForIt()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        var notifier = broker.Services.GetRequiredService<IBackChannelNotifier>();

        // No stream: the registered endpoint gets the withdrawal as always, never a CAEP event.
        Assert.Null(await notifier.NotifySessionRevokedAsync(broker.Platform(EventsBroker.Listening), EventsBroker.Issuer, "pairwise-sub-n1", Ct));
        var ssf = await SsfClient.ForAsync(broker, EventsBroker.Listening);
        await ssf.CreatePollAsync([SsfEventTypes.ConsentWithdrawn]);

        Assert.Null(await notifier.NotifySessionRevokedAsync(broker.Platform(EventsBroker.Listening), EventsBroker.Issuer, "pairwise-sub-n1", Ct));
    }

    [Fact]
    public async Task Push_OnAPausedStream_IsHeld_AndSentWhenEnabled()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        var ssf = await SsfClient.ForAsync(broker, EventsBroker.Listening);
        var streamId = await ssf.CreatePushAsync(receiver.Endpoint, [SsfEventTypes.ConsentWithdrawn]);
        var paused = await ssf.SetStatusAsync(streamId, "paused", "maintenance");
        Assert.Equal(HttpStatusCode.OK, paused.Status);
        Assert.Equal("paused", paused.Body!["status"]!.GetValue<string>());
        Assert.Equal("maintenance", paused.Body["reason"]!.GetValue<string>());
        var jti = (await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-h1", ["netid.age"], "consent-h1"))!;

        Assert.False(await receiver.WaitForRequestsAsync(1, TimeSpan.FromSeconds(1)));
        Assert.Null((await broker.OutboxMessageAsync(jti)).DeliveredAt);
        Assert.Equal("paused", (await ssf.StatusAsync(streamId)).Body!["status"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await ssf.SetStatusAsync(streamId, "enabled")).Status);
        Assert.True(await receiver.WaitForRequestsAsync(1, Wait));
        Assert.NotNull((await broker.WaitForAsync(jti, m => m.DeliveredAt is not null, Wait)).DeliveredAt);
    }

    [Fact]
    public async Task Poll_OnAPausedStream_ServesNothing_UntilEnabled()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        var ssf = await SsfClient.ForAsync(broker, EventsBroker.Listening);
        var streamId = await ssf.CreatePollAsync([SsfEventTypes.ConsentWithdrawn]);
        await ssf.SetStatusAsync(streamId, "paused");
        var jti = (await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-h2", ["netid.age"], "consent-h2"))!;

        Assert.Empty((await ssf.PollAsync(streamId, new { })).Body!["sets"]!.AsObject());
        await ssf.SetStatusAsync(streamId, "enabled");

        Assert.Equal([jti], (await ssf.PollAsync(streamId, new { })).Body!["sets"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task DisabledStream_DropsQueuedEvents_AndTheWithdrawalGoesToTheRegisteredEndpoint()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        var ssf = await SsfClient.ForAsync(broker, EventsBroker.Listening);
        var streamId = await ssf.CreatePollAsync([SsfEventTypes.ConsentWithdrawn, SsfEventTypes.SessionRevoked]);
        var queued = (await broker.Services.GetRequiredService<IBackChannelNotifier>()
            .NotifySessionRevokedAsync(broker.Platform(EventsBroker.Listening), EventsBroker.Issuer, "pairwise-sub-d1", Ct))!;

        var disabled = await ssf.SetStatusAsync(streamId, "disabled");

        Assert.Equal("disabled", disabled.Body!["status"]!.GetValue<string>());
        Assert.Null(await broker.Services.GetRequiredService<IEventOutbox>().FindAsync(queued, Ct));
        Assert.Null(await broker.Services.GetRequiredService<IBackChannelNotifier>()
            .NotifySessionRevokedAsync(broker.Platform(EventsBroker.Listening), EventsBroker.Issuer, "pairwise-sub-d1", Ct));

        // A withdrawal is never silenced by a stream setting: it goes where it went before streams.
        var withdrawn = (await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-d1", ["netid.age"], "consent-d1"))!;
        Assert.Null((await broker.OutboxMessageAsync(withdrawn)).StreamId);
        Assert.True(await receiver.WaitForRequestsAsync(1, Wait));
    }

    [Fact]
    public async Task Verification_QueuesAVerificationEventWithTheState_AndIsRateLimited()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        var ssf = await SsfClient.ForAsync(broker, EventsBroker.Listening);
        var streamId = await ssf.CreatePushAsync(receiver.Endpoint, []);

        var answer = await ssf.VerifyAsync(streamId, "state-123");

        Assert.Equal(HttpStatusCode.NoContent, answer.Status);
        Assert.True(await receiver.WaitForRequestsAsync(1, Wait));
        var set = await SecurityEventTokenTests.ValidateAsync(broker, Assert.Single(receiver.Requests).Body, EventsBroker.Listening.ClientId);
        Assert.Equal(SsfEventTypes.Verification, EventType(set));
        Assert.Equal("state-123", Event(set).GetProperty("state").GetString());
        Assert.Equal("opaque", SubjectId(set).GetProperty("format").GetString());
        Assert.Equal(streamId, SubjectId(set).GetProperty("id").GetString());

        var tooSoon = await ssf.VerifyAsync(streamId, "state-456");
        Assert.Equal((HttpStatusCode)429, tooSoon.Status);
        Assert.Equal("too_many_requests", tooSoon.Error);
        Assert.Equal("30", tooSoon.Response.Headers.RetryAfter!.ToString());
    }

    [Fact]
    public async Task Platform_WithoutAStream_ReceivesTheWithdrawalAtItsRegisteredEndpointAsBefore()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);

        var jti = (await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-l1", ["netid.age"], "consent-l1"))!;

        Assert.True(await receiver.WaitForRequestsAsync(1, Wait));
        var set = await SecurityEventTokenTests.ValidateAsync(broker, Assert.Single(receiver.Requests).Body, EventsBroker.Listening.ClientId);
        Assert.Equal(jti, set.Id);
        Assert.Equal(["aud", "events", "iat", "iss", "jti"], IdTokens.ClaimNames(set));
        Assert.Null(Assert.Single(receiver.Requests).Authorization);
    }

    [Fact]
    public async Task DeletedStream_DropsItsQueue_AndEventsReturnToTheRegisteredEndpoint()
    {
        await using var receiver = await EventReceiver.StartAsync();
        await using var broker = EventsBroker.Start(receiver.Endpoint);
        var ssf = await SsfClient.ForAsync(broker, EventsBroker.Listening);
        var streamId = await ssf.CreatePollAsync([SsfEventTypes.ConsentWithdrawn]);
        var onStream = (await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-r1", ["netid.age"], "consent-r1"))!;

        Assert.Equal(HttpStatusCode.NoContent, (await ssf.DeleteAsync(streamId)).Status);
        var afterwards = (await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-r1", ["netid.masked"], "consent-r2"))!;

        Assert.Null(await broker.Services.GetRequiredService<IEventOutbox>().FindAsync(onStream, Ct));
        Assert.True(await receiver.WaitForRequestsAsync(1, Wait));
        Assert.Equal(afterwards, (await SecurityEventTokenTests.ValidateAsync(broker, Assert.Single(receiver.Requests).Body, EventsBroker.Listening.ClientId)).Id);
    }

    [Fact]
    public async Task Push_ToAnEndpointNoLongerRegistered_StopsAndTheWithdrawalGoesToTheRegisteredEndpoint()
    {
        await using var registered = await EventReceiver.StartAsync();
        await using var removed = await EventReceiver.StartAsync();
        var directory = Directory.CreateTempSubdirectory("netid-ssf-").FullName;
        string streamId;
        await using (var before = EventsBroker.Start(
            registered.Endpoint, directory, extra: new Dictionary<string, string?> { ["Platforms:7:SsfPushEndpoints:0"] = removed.Endpoint.AbsoluteUri }))
        {
            streamId = await (await SsfClient.ForAsync(before, EventsBroker.Listening)).CreatePushAsync(removed.Endpoint, [SsfEventTypes.ConsentWithdrawn]);
        }

        // The operator removed the URL from the platform's registration and restarted.
        await using var after = EventsBroker.Start(registered.Endpoint, directory);
        var jti = (await after.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-u1", ["netid.age"], "consent-u1"))!;

        Assert.True(await registered.WaitForRequestsAsync(1, Wait));
        Assert.Null((await after.OutboxMessageAsync(jti)).StreamId);
        Assert.Empty(removed.Requests);
        var verify = await (await SsfClient.ForAsync(after, EventsBroker.Listening)).VerifyAsync(streamId, "s");
        Assert.Equal(HttpStatusCode.BadRequest, verify.Status);
        Assert.Equal("The stream's 'delivery.endpoint_url' is no longer registered for this platform; update the stream to a registered endpoint.", verify.Description);
        Assert.Contains(after.Logs.Lines, l => l.Contains("[5114]", StringComparison.Ordinal));
    }

    /// <summary>Polls the stream once, acknowledging nothing, and validates every SET served.</summary>
    internal static async Task<IReadOnlyList<JsonWebToken>> PollSetsAsync(BrokerHost broker, SsfClient ssf, string streamId)
    {
        var answer = await ssf.PollAsync(streamId, new { maxEvents = 50 });
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var sets = new List<JsonWebToken>();
        foreach (var (_, set) in answer.Body!["sets"]!.AsObject())
        {
            var audience = new JsonWebToken(set!.GetValue<string>()).Audiences.Single();
            sets.Add(await SecurityEventTokenTests.ValidateAsync(broker, set.GetValue<string>(), audience));
        }

        return sets;
    }

    internal static string EventType(JsonWebToken set) => Events(set).EnumerateObject().Single().Name;

    internal static JsonElement Event(JsonWebToken set) => Events(set).EnumerateObject().Single().Value;

    internal static JsonElement SubjectId(JsonWebToken set) => Payload(set).GetProperty("sub_id");

    private static JsonElement Events(JsonWebToken set) => Payload(set).GetProperty("events");

    private static JsonElement Payload(JsonWebToken set) =>
        JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(set.EncodedPayload)).RootElement;
}
