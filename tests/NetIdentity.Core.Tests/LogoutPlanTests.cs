using NetIdentity.Core.Sessions;

namespace NetIdentity.Core.Tests;

/// <summary>Which logout tokens a sign-out sends to one platform (Back-Channel Logout 1.0 §2.4; docs/events.md).</summary>
public sealed class LogoutPlanTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void For_KnownSessions_NamesEachOnceWithItsSubject()
    {
        PlatformSession[] sessions = [Session("b", "forum", "s1"), Session("a", "forum", "s1"), Session("a", "forum", "s1"), Session("c", "shop", "s1"), Session("d", "forum", "s2")];

        var plan = LogoutPlan.For("forum", "s1", sessions, sessionRequired: false, whenNoneKnown: true);

        Assert.Equal([new LogoutNotice("forum", "s1", "a"), new LogoutNotice("forum", "s1", "b")], plan);
    }

    [Fact]
    public void For_NoSessionKnownOnAWithdrawal_NamesTheSubjectAlone()
    {
        Assert.Equal([new LogoutNotice("forum", "s1", null)], LogoutPlan.For("forum", "s1", [], sessionRequired: false, whenNoneKnown: true));
    }

    [Fact]
    public void For_NoSessionKnownAtAPlatformRequiringSessions_SendsNothing()
    {
        Assert.Empty(LogoutPlan.For("forum", "s1", [], sessionRequired: true, whenNoneKnown: true));
    }

    [Fact]
    public void For_NoSessionKnownOnASignOut_SendsNothing()
    {
        Assert.Empty(LogoutPlan.For("forum", "s1", [Session("x", "shop", "s1")], sessionRequired: false, whenNoneKnown: false));
    }

    [Fact]
    public void NewSid_IsRandom128BitsInBase64Url()
    {
        var sids = Enumerable.Range(0, 100).Select(_ => PlatformSession.NewSid()).ToList();

        Assert.All(sids, sid => Assert.Matches("^[A-Za-z0-9_-]{22}$", sid));
        Assert.Equal(100, sids.Distinct(StringComparer.Ordinal).Count());
    }

    private static PlatformSession Session(string sid, string clientId, string subject) => new()
    {
        Sid = sid,
        ClientId = clientId,
        Subject = subject,
        PersonKey = "person",
        CreatedAt = Noon,
        ExpiresAt = Noon.AddDays(14),
    };
}
