using NetIdentity.Core.Consent;

namespace NetIdentity.Core.Tests;

/// <summary>Standing grants (PIPL Art. 14, 15): the newest decision about an item, for one purpose version.</summary>
public sealed class ConsentStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void StandingGrant_LatestIsGrantForSameVersion_ReturnsIt()
    {
        var grant = Record("g1", ConsentDecision.Granted, "v1", 1, ConsentItem.AgeBand);

        Assert.Same(grant, ConsentState.StandingGrant([grant], ConsentItem.AgeBand, "v1"));
    }

    [Fact]
    public void StandingGrant_PurposeChanged_ReturnsNull() =>
        Assert.Null(ConsentState.StandingGrant([Record("g1", ConsentDecision.Granted, "v1", 1, ConsentItem.AgeBand)], ConsentItem.AgeBand, "v2"));

    [Fact]
    public void StandingGrant_WithdrawnAfterwards_ReturnsNull()
    {
        var grant = Record("g1", ConsentDecision.Granted, "v1", 1, ConsentItem.AgeBand);
        var withdrawal = Record("w1", ConsentDecision.Withdrawn, "v1", 2, ConsentItem.AgeBand) with { Withdraws = "g1" };

        Assert.Null(ConsentState.StandingGrant([withdrawal, grant], ConsentItem.AgeBand, "v1"));
    }

    [Fact]
    public void StandingGrant_RefusedAfterwards_ReturnsNull() =>
        Assert.Null(ConsentState.StandingGrant(
            [Record("r1", ConsentDecision.Refused, "v1", 2, ConsentItem.AgeBand), Record("g1", ConsentDecision.Granted, "v1", 1, ConsentItem.AgeBand)],
            ConsentItem.AgeBand, "v1"));

    [Fact]
    public void StandingGrant_DecisionAboutAnotherItem_DoesNotCount()
    {
        var grant = Record("g1", ConsentDecision.Granted, "v1", 1, ConsentItem.AgeBand);

        Assert.Same(grant, ConsentState.StandingGrant([Record("r1", ConsentDecision.Refused, "v1", 2, ConsentItem.MaskedIdentity), grant], ConsentItem.AgeBand, "v1"));
    }

    [Fact]
    public void StandingGrant_NoHistory_ReturnsNull() => Assert.Null(ConsentState.StandingGrant([], ConsentItem.AgeBand, "v1"));

    [Fact]
    public void IsInForce_GrantWithNothingLater_IsTrue()
    {
        var grant = Record("g1", ConsentDecision.Granted, "v1", 1, ConsentItem.AgeBand);

        Assert.True(ConsentState.IsInForce([grant], grant));
    }

    [Fact]
    public void IsInForce_AfterItsWithdrawal_IsFalse()
    {
        var grant = Record("g1", ConsentDecision.Granted, "v1", 1, ConsentItem.AgeBand);
        var withdrawal = Record("w1", ConsentDecision.Withdrawn, "v1", 2, ConsentItem.AgeBand) with { Withdraws = "g1" };

        Assert.False(ConsentState.IsInForce([withdrawal, grant], grant));
    }

    [Fact]
    public void IsInForce_AfterALaterDecisionAboutEveryItem_IsFalse()
    {
        var grant = Record("g1", ConsentDecision.Granted, "v1", 1, ConsentItem.AgeBand, ConsentItem.MaskedIdentity);
        var later = Record("g2", ConsentDecision.Granted, "v1", 2, ConsentItem.AgeBand, ConsentItem.MaskedIdentity);

        Assert.False(ConsentState.IsInForce([later, grant], grant));
    }

    [Fact]
    public void IsInForce_AfterALaterDecisionAboutOnlySomeItems_IsTrue()
    {
        var grant = Record("g1", ConsentDecision.Granted, "v1", 1, ConsentItem.AgeBand, ConsentItem.MaskedIdentity);
        var later = Record("r1", ConsentDecision.Refused, "v1", 2, ConsentItem.MaskedIdentity);

        Assert.True(ConsentState.IsInForce([later, grant], grant));
    }

    [Fact]
    public void IsInForce_ARefusal_IsNeverInForce()
    {
        var refusal = Record("r1", ConsentDecision.Refused, "v1", 1, ConsentItem.AgeBand);

        Assert.False(ConsentState.IsInForce([refusal], refusal));
    }

    [Fact]
    public void PurposeVersion_AnyShownTextChanges_ChangesTheVersion()
    {
        var original = PurposeVersion.Compute("用途", "purpose", "openid netid netid.age", null, null, null, null);

        Assert.Equal(original, PurposeVersion.Compute("用途", "purpose", "openid netid netid.age", null, null, null, null));
        Assert.NotEqual(original, PurposeVersion.Compute("用途。", "purpose", "openid netid netid.age", null, null, null, null));
        Assert.NotEqual(original, PurposeVersion.Compute("用途", "purpose", "openid netid netid.age netid.masked", null, null, null, null));
        Assert.NotEqual(original, PurposeVersion.Compute("用途", "purpose", "openid netid netid.age", "法", null, null, null));
        Assert.Equal(16, original.Length);
    }

    private static ConsentRecord Record(string id, ConsentDecision decision, string version, int minutes, params ConsentItem[] items) => new()
    {
        Id = id,
        Time = T0.AddMinutes(minutes),
        PersonKey = "person",
        Subject = "sub",
        ClientId = "platform",
        Items = items,
        PurposeVersion = version,
        Decision = decision,
    };
}
