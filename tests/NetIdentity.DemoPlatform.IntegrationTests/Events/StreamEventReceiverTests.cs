using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.DemoPlatform.Events;
using NetIdentity.DemoPlatform.IntegrationTests.Infrastructure;
using static NetIdentity.DemoPlatform.IntegrationTests.Events.SecurityEventReceiverTests;

namespace NetIdentity.DemoPlatform.IntegrationTests.Events;

/// <summary>
/// The forum's events on its SSF stream (docs/events.md, "SSF streams"), received by
/// NetIdentity.Client: a withdrawal with the stream's <c>sub_id</c> is marked as on the stream, a
/// <c>sub_id</c> naming someone else is refused, a CAEP <c>session-revoked</c> ends the person's
/// sessions, and <c>/events</c> shows each event's type and delivery. And the replay a SET's
/// fresh <c>iat</c> closes: a captured SET pushed again long after is refused.
/// </summary>
public sealed class StreamEventReceiverTests(ForumFixture fixture) : IClassFixture<ForumFixture>
{
    private static readonly Dictionary<string, string> AgeBand = new() { ["netid_age_band"] = "adult", ["netid_minor"] = "false" };

    private FakeBroker Broker => fixture.Broker;

    private DemoPlatformHost Forum => fixture.Forum;

    [Fact]
    public async Task Push_OfWithdrawalWithTheStreamsSubId_IsRecordedAsOnTheStream()
    {
        var subject = NewSubject();
        Forum.Kept.Save(subject, AgeBand);
        var jti = FakeBroker.NewJti();

        using var response = await Forum.PushAsync(Broker.ConsentWithdrawnSet(subject, DemoPlatformHost.ClientId, jti, streamSubject: subject));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Null(Forum.Kept.Find(subject));
        Assert.True(Forum.Received.All().Single(e => e.Jti == jti).OnStream);
        var page = await EventsPageAsync();
        Assert.Contains($"data-event=\"{jti}\" data-event-type=\"https://netidentity.example/secevent/consent-withdrawn\" data-event-delivery=\"stream\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_OfWithdrawalWithoutSubId_IsRecordedAsFromTheRegisteredEndpoint()
    {
        var jti = FakeBroker.NewJti();

        using var response = await Forum.PushAsync(Broker.ConsentWithdrawnSet(NewSubject(), DemoPlatformHost.ClientId, jti));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(Forum.Received.All().Single(e => e.Jti == jti).OnStream);
        Assert.Contains($"data-event=\"{jti}\" data-event-type=\"https://netidentity.example/secevent/consent-withdrawn\" data-event-delivery=\"endpoint\"", await EventsPageAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_OfWithdrawalWhoseSubIdNamesAnotherPerson_IsInvalidRequest()
    {
        var subject = NewSubject();
        Forum.Kept.Save(subject, AgeBand);

        using var response = await Forum.PushAsync(Broker.ConsentWithdrawnSet(subject, DemoPlatformHost.ClientId, streamSubject: NewSubject()));

        await AssertRefusedAsync(response, "invalid_request", "The SET's sub_id must be the event's subject (format iss_sub, the broker's iss, the same sub) (SSF 1.0 §4.1).");
        Assert.NotNull(Forum.Kept.Find(subject));
    }

    [Fact]
    public async Task Push_OfSessionRevoked_EndsThePersonsSessionsAndIsListed()
    {
        var subject = NewSubject();
        var jti = FakeBroker.NewJti();
        var person = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", subject)], "test"));
        var ended = Forum.Services.GetRequiredService<EndedSessions>();
        var sessionStart = DateTimeOffset.UtcNow.AddMinutes(-5);
        Assert.False(ended.IsEnded(person, sessionStart));

        using var response = await Forum.PushAsync(Broker.SessionRevokedSet(subject, DemoPlatformHost.ClientId, jti));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True(ended.IsEnded(person, sessionStart));
        var received = Forum.Received.All().Single(e => e.Jti == jti);
        Assert.Equal(("https://schemas.openid.net/secevent/caep/event-type/session-revoked", subject, true), (received.EventType, received.Subject, received.OnStream));
        Assert.Empty(Forum.Received.WithdrawalsAbout(subject));
        var row = Html.Section(await EventsPageAsync(), $"data-event=\"{jti}\"", "</tr>");
        Assert.Contains("data-event-delivery=\"stream\"", row, StringComparison.Ordinal);
        Assert.Contains("Session revoked", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventsPage_WithoutAStreamConfigured_SaysEventsGoToTheRegisteredEndpoint()
    {
        var page = await EventsPageAsync();

        Assert.Contains("data-stream-none", page, StringComparison.Ordinal);
    }

    /// <summary>
    /// The replay: a SET captured in transit (or from a log) is pushed again a month later, after
    /// the 30 days the forum remembered its <c>jti</c>. Since the broker signs every delivery with
    /// a fresh <c>iat</c>, the SDK refuses a SET older than its maximum age and the withdrawal is
    /// not acted on again (it would delete what the person consented to keep after it).
    /// </summary>
    [Fact]
    public async Task Push_OfACapturedSetAMonthOld_IsRefusedAndDeletesNothing()
    {
        var subject = NewSubject();
        Forum.Kept.Save(subject, AgeBand);

        using var response = await Forum.PushAsync(Broker.ConsentWithdrawnSet(subject, DemoPlatformHost.ClientId, issuedAt: DateTimeOffset.UtcNow.AddDays(-31)));

        await AssertRefusedAsync(response, "invalid_request",
            "The SET was issued (iat) more than 720 s ago: the broker signs every delivery afresh, so an older SET is refused as a possible replay (docs/events.md).");
        Assert.NotNull(Forum.Kept.Find(subject));
    }

    [Fact]
    public async Task Push_OfASetJustUnderTheMaxAge_IsAccepted()
    {
        var subject = NewSubject();
        Forum.Kept.Save(subject, AgeBand);

        // Ten minutes, plus a minute of the two the clock skew allows.
        using var response = await Forum.PushAsync(Broker.ConsentWithdrawnSet(subject, DemoPlatformHost.ClientId, issuedAt: DateTimeOffset.UtcNow.AddMinutes(-11)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Null(Forum.Kept.Find(subject));
    }

    private Task<string> EventsPageAsync() =>
        Forum.CreateClient().GetStringAsync(new Uri("/events", UriKind.Relative), TestContext.Current.CancellationToken);
}
