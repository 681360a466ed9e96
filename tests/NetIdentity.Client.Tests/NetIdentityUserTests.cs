using System.Security.Claims;
using System.Text.Json;

namespace NetIdentity.Client.Tests;

/// <summary>The typed view reads legacy claims and <c>verified_claims</c> alike, and fails closed on contradictions.</summary>
public sealed class NetIdentityUserTests
{
    private const string Statement = """
        {"verification":{"trust_framework":"urn:netidentity:tf:cn_real_identity","assurance_level":"urn:netidentity:acr:level1","time":"2026-11-18T11:06:40Z"},
         "claims":{"netid_age_band":"14_17","netid_minor":true,"netid_masked_name":"赵**"}}
        """;

    [Fact]
    public void From_LegacyClaimsOnly_ReadsResultLevelAgeAndMaskedIdentity()
    {
        var principal = With(Principals.Verified(2), ("netid_age_band", "adult"), ("netid_minor", "false"), ("netid_masked_name", "赵**"), ("netid_masked_id_number", "1****************9"));

        var user = NetIdentityUser.From(principal)!;

        Assert.True(user.Verified);
        Assert.Equal(2, user.Level);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795000000), user.VerifiedAt);
        Assert.Equal("adult", user.AgeBand);
        Assert.False(user.Minor);
        Assert.Equal("赵**", user.MaskedName);
        Assert.Equal("1****************9", user.MaskedIdNumber);
        Assert.Null(user.Identity);
        Assert.Null(user.TrustFramework);
    }

    [Fact]
    public void From_VerifiedClaimsOnly_ReadsTheSameFacts()
    {
        var principal = With(Principals.Verified(), ("verified_claims", Statement));

        var user = NetIdentityUser.From(principal)!;

        Assert.Equal("urn:netidentity:tf:cn_real_identity", user.TrustFramework);
        Assert.Equal("14_17", user.AgeBand);
        Assert.True(user.Minor);
        Assert.Equal("赵**", user.MaskedName);
        Assert.Equal(1, user.Level);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795000000), user.VerifiedAt);
    }

    [Fact]
    public void From_LevelContradictedByVerifiedClaims_HasNoLevel()
    {
        var principal = With(Principals.Verified(3), ("verified_claims", Statement));

        Assert.Null(NetIdentityUser.From(principal)!.Level);
    }

    [Fact]
    public void From_AgeBandContradicted_HasNoAgeBandAndNoMinorFromIt()
    {
        var principal = With(Principals.Verified(), ("netid_age_band", "adult"), ("verified_claims", """{"verification":{"trust_framework":"x"},"claims":{"netid_age_band":"under_14"}}"""));

        var user = NetIdentityUser.From(principal)!;

        Assert.Null(user.AgeBand);
        Assert.Null(user.Minor);
    }

    [Fact]
    public void From_UserInfoWithPlaintext_ReadsTheIdentityFromItOnly()
    {
        using var userInfo = JsonDocument.Parse("""
            {"sub":"Yt0wJ2m6cHh8v3o1d2JtYlF0YkZ3a3ZxSmVQb2dXcXc","netid_result":"pass","netid_name":"赵小明","netid_id_type":"resident_id","netid_id_number":"110101199003071234",
             "verified_claims":{"verification":{"trust_framework":"urn:netidentity:tf:cn_real_identity"},"claims":{"netid_name":"赵小明","netid_id_type":"resident_id","netid_id_number":"110101199003071234"}}}
            """);

        var user = NetIdentityUser.From(Principals.Verified(), userInfo.RootElement)!;

        Assert.Equal(new NetIdentityPlainIdentity("赵小明", "resident_id", "110101199003071234"), user.Identity);
        Assert.DoesNotContain("赵小明", user.Identity!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void From_PrincipalCarryingPlaintext_NeverReadsIt()
    {
        var principal = With(Principals.Verified(), ("netid_name", "赵小明"), ("netid_id_type", "resident_id"), ("netid_id_number", "110101199003071234"));

        Assert.Null(NetIdentityUser.From(principal)!.Identity);
    }

    [Fact]
    public void From_PlaintextDisagreeingBetweenTopLevelAndVerifiedClaims_HasNoIdentity()
    {
        using var userInfo = JsonDocument.Parse("""
            {"netid_name":"赵小明","netid_id_type":"resident_id","netid_id_number":"110101199003071234",
             "verified_claims":{"verification":{"trust_framework":"x"},"claims":{"netid_name":"钱小明"}}}
            """);

        Assert.Null(NetIdentityUser.From(Principals.Verified(), userInfo.RootElement)!.Identity);
    }

    [Fact]
    public void From_GuardianMarkerAndAgeOverFlags_AreRead()
    {
        var principal = With(Principals.Verified(), ("netid_age_band", "under_14"), ("netid_guardian_sub", "g-sub"), ("netid_guardian_consented_at", "1795000100"), ("netid_age_over_14", "false"), ("age_over_8", "true"));

        var user = NetIdentityUser.From(principal)!;

        Assert.True(user.Minor);
        Assert.Equal("g-sub", user.GuardianSubject);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795000100), user.GuardianConsentedAt);
        Assert.Equal(new Dictionary<int, bool> { [14] = false, [8] = true }, user.AgeOver);
    }

    [Fact]
    public void From_PrincipalWithoutSubject_IsNull() =>
        Assert.Null(NetIdentityUser.From(Principals.Authenticated(("netid_result", "pass"))));

    [Fact]
    public void From_UserInfoResultNotPass_IsNotVerified()
    {
        using var userInfo = JsonDocument.Parse("""{"netid_result":"fail"}""");

        Assert.False(NetIdentityUser.From(Principals.Verified(), userInfo.RootElement)!.Verified);
    }

    private static ClaimsPrincipal With(ClaimsPrincipal principal, params (string Type, string Value)[] claims)
    {
        var identity = (ClaimsIdentity)principal.Identity!;
        foreach (var (type, value) in claims)
        {
            identity.AddClaim(new Claim(type, value));
        }

        return principal;
    }
}
