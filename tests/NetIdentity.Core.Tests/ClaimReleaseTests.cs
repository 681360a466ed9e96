using NetIdentity.Core.Disclosure;

namespace NetIdentity.Core.Tests;

/// <summary>Deny by default: which claim goes where for which scopes (docs/claims.md v3).</summary>
public sealed class ClaimReleaseTests
{
    private static readonly IReadOnlySet<string> Default = new HashSet<string> { "openid", "netid" };
    private static readonly IReadOnlySet<string> All = new HashSet<string> { "openid", "netid", "netid.age", "netid.masked", "netid.identity" };

    [Theory]
    [InlineData("sub", ClaimDestinations.IdToken | ClaimDestinations.UserInfo)]
    [InlineData("auth_time", ClaimDestinations.IdToken)]
    [InlineData("acr", ClaimDestinations.IdToken)]
    [InlineData("netid_result", ClaimDestinations.IdToken | ClaimDestinations.UserInfo)]
    [InlineData("netid_verified_at", ClaimDestinations.IdToken | ClaimDestinations.UserInfo)]
    [InlineData("netid_minor", ClaimDestinations.IdToken | ClaimDestinations.UserInfo)]
    [InlineData("netid_age_band", ClaimDestinations.None)]
    [InlineData("netid_masked_name", ClaimDestinations.None)]
    [InlineData("netid_delivery", ClaimDestinations.None)]
    [InlineData("age_over_14", ClaimDestinations.None)]
    [InlineData("age_over_18", ClaimDestinations.None)]
    [InlineData("amr", ClaimDestinations.None)]
    [InlineData("name", ClaimDestinations.None)]
    [InlineData("netid_name", ClaimDestinations.None)]
    public void For_DefaultScopes_ReleasesOnlyTheDefault(string claim, ClaimDestinations expected) =>
        Assert.Equal(expected, ClaimRelease.For(claim, Default, releaseMethods: false));

    [Theory]
    [InlineData("netid_age_band", ClaimDestinations.IdToken | ClaimDestinations.UserInfo)]
    [InlineData("netid_guardian_sub", ClaimDestinations.IdToken | ClaimDestinations.UserInfo)]
    [InlineData("netid_masked_id_number", ClaimDestinations.IdToken | ClaimDestinations.UserInfo)]
    [InlineData("netid_delivery", ClaimDestinations.UserInfo)]
    [InlineData("netid_consent_receipts", ClaimDestinations.UserInfo)]
    [InlineData("sid", ClaimDestinations.IdToken)]
    public void For_ConsentScopes_ReleasesTheirClaims(string claim, ClaimDestinations expected) =>
        Assert.Equal(expected, ClaimRelease.For(claim, All, releaseMethods: false));

    [Theory]
    [InlineData("netid.age_over_14", "age_over_14", "age_over_18")]
    [InlineData("netid.age_over_18", "age_over_18", "age_over_14")]
    public void For_AnAgeThresholdScope_ReleasesItsBooleanAndNotTheOther(string scope, string released, string withheld)
    {
        var scopes = new HashSet<string> { "openid", "netid", scope };

        Assert.Equal(ClaimDestinations.IdToken | ClaimDestinations.UserInfo, ClaimRelease.For(released, scopes, releaseMethods: false));
        Assert.Equal(ClaimDestinations.None, ClaimRelease.For(withheld, scopes, releaseMethods: false));
        Assert.Equal(ClaimDestinations.None, ClaimRelease.For("netid_age_band", scopes, releaseMethods: false));
    }

    [Theory]
    [InlineData("netid_name")]
    [InlineData("netid_id_type")]
    [InlineData("netid_id_number")]
    public void For_PlaintextClaims_NeverGoIntoAnyToken(string claim) =>
        Assert.Equal(ClaimDestinations.None, ClaimRelease.For(claim, All, releaseMethods: true));

    [Fact]
    public void For_MethodsWhenApproved_GoIntoTheIdToken() =>
        Assert.Equal(ClaimDestinations.IdToken, ClaimRelease.For("amr", Default, releaseMethods: true));
}
