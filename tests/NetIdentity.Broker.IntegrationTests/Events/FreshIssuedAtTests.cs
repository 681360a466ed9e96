using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Broker.IntegrationTests.Sdk;
using NetIdentity.Broker.IntegrationTests.Ssf;
using NetIdentity.Client;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.IntegrationTests.Events;

/// <summary>
/// The SET replay gap closed (issue 12; docs/events.md, "How a SET is sent"): the outbox keeps a
/// SET's claims without <c>iat</c>, and every delivery attempt — a push, a retry, an operator's
/// dead-letter retry weeks later, each poll — signs them with <c>iat</c> set then and the same
/// <c>jti</c>. So NetIdentity.Client accepts the late retry and refuses the captured old copy.
/// </summary>
public sealed class FreshIssuedAtTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(15);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeadLetter_RetriedWeeksLater_IsSignedWithAFreshIat_AcceptedByTheSdk_WhileTheCapturedFirstCopyIsRefused()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var receiver = await EventReceiver.StartAsync(clock);
        receiver.Status = 503;
        await using var broker = EventsBroker.Start(receiver.Endpoint, clock: clock, extra: new Dictionary<string, string?> { ["Broker:OutboxDeadLetterAfter"] = "1.00:00:00" });
        await using var platform = await SdkPlatform.StartAsync(broker, "events.example", options =>
        {
            options.ClientId = EventsBroker.Listening.ClientId;
            options.ClientSecret = EventsBroker.Listening.Secret;
        }, services => services.AddSingleton<TimeProvider>(clock));
        var queuedAt = clock.GetUtcNow();
        var jti = (await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-late", ["netid.age"], "consent-late"))!;
        await broker.WaitForAsync(jti, m => m.Attempts == 1, Bounded);
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await broker.WaitForAsync(jti, m => m.State == OutboxState.Dead, Bounded);
        var captured = receiver.Requests.First().Body;

        // Three weeks later the platform is fixed and an operator retries the dead letter.
        clock.Advance(TimeSpan.FromDays(21));
        receiver.Status = 202;
        Assert.Equal(OutboxRetryOutcome.Retried, await broker.Services.GetRequiredService<IEventOutbox>().RetryAsync(jti, clock.GetUtcNow(), Ct));
        await broker.WaitForAsync(jti, m => m.DeliveredAt is not null, Bounded);
        var retried = receiver.Requests.Last().Body;

        var first = new JsonWebToken(captured);
        var late = new JsonWebToken(retried);
        Assert.Equal((jti, jti), (first.Id, late.Id));
        Assert.InRange(first.IssuedAt, queuedAt.UtcDateTime.AddSeconds(-1), queuedAt.UtcDateTime.AddSeconds(Bounded.TotalSeconds));
        Assert.InRange(late.IssuedAt, clock.GetUtcNow().UtcDateTime.AddSeconds(-Bounded.TotalSeconds), clock.GetUtcNow().UtcDateTime.AddSeconds(1));
        var withdrawnAt = SecurityEventTokenTests.Payload(late).GetProperty("events").GetProperty(SsfEventTypes.ConsentWithdrawn).GetProperty("withdrawn_at").GetInt64();
        Assert.Equal(queuedAt.ToUnixTimeSeconds(), withdrawnAt, tolerance: 1);
        Assert.DoesNotContain("\"iat\"", (await broker.OutboxMessageAsync(jti)).Payload, StringComparison.Ordinal);

        // The SDK, on the same clock: the late retry is acted on; the captured first copy, replayed now, is not.
        Assert.Equal(HttpStatusCode.Accepted, (await PushAsync(platform, retried)).Status);
        var replay = await PushAsync(platform, captured);
        Assert.Equal(HttpStatusCode.BadRequest, replay.Status);
        Assert.Equal(
            """{"err":"invalid_request","description":"The SET was issued (iat) more than 720 s ago: the broker signs every delivery afresh, so an older SET is refused as a possible replay (docs/events.md)."}""",
            replay.Body);
        Assert.Equal(jti, Assert.Single(platform.Events.Withdrawals).Jti);
    }

    [Fact]
    public async Task Poll_ServesAnUnacknowledgedSetAgain_WithTheIatOfThatPoll()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var receiver = await EventReceiver.StartAsync(clock);
        await using var broker = EventsBroker.Start(receiver.Endpoint, clock: clock);
        var ssf = await SsfClient.ForAsync(broker, EventsBroker.Listening);
        var streamId = await ssf.CreatePollAsync([SsfEventTypes.ConsentWithdrawn]);
        var jti = (await broker.WithdrawAsync(EventsBroker.Listening, "pairwise-sub-poll-iat", ["netid.age"], "consent-poll-iat"))!;

        var first = new JsonWebToken((await ssf.PollAsync(streamId, new { maxEvents = 10 })).Body!["sets"]![jti]!.GetValue<string>());
        clock.Advance(TimeSpan.FromMinutes(3));
        var answer = await ssf.PollAsync(streamId, new { maxEvents = 10 });
        Assert.True(answer.Status == HttpStatusCode.OK, $"{answer.Status} {answer.Error}: {answer.Description}");
        var again = new JsonWebToken(answer.Body!["sets"]![jti]!.GetValue<string>());

        Assert.Equal((jti, jti), (first.Id, again.Id));
        Assert.InRange((again.IssuedAt - first.IssuedAt).TotalMinutes, 3 - 0.1, 3 + 0.5);
        Assert.InRange(again.IssuedAt, clock.GetUtcNow().UtcDateTime.AddSeconds(-5), clock.GetUtcNow().UtcDateTime.AddSeconds(1));
    }

    private static async Task<(HttpStatusCode Status, string Body)> PushAsync(SdkPlatform platform, string set)
    {
        using var content = new StringContent(set);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/secevent+jwt");
        using var response = await platform.Browser.PostAsync(new Uri("/events", UriKind.Relative), content, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}
