using System.Security.Claims;
using System.Text.Json;
using NetIdentity.DemoPlatform.Storage;

namespace NetIdentity.DemoPlatform.IntegrationTests.Storage;

/// <summary>What the forum keeps after a login (unit level): consented <c>netid_</c> claims only.</summary>
public sealed class KeptClaimsTests
{
    [Fact]
    public void Select_OfTodaysDefaultRelease_KeepsNothing()
    {
        Claim[] idToken = [new("sub", "s"), new("acr", "urn:netidentity:acr:level1"), new("netid_result", "pass"), new("netid_verified_at", "1795000000")];
        using var userInfo = JsonDocument.Parse("""{"sub":"s","netid_result":"pass","netid_verified_at":1795000000}""");

        Assert.Empty(KeptClaims.Select(idToken, userInfo.RootElement));
    }

    [Fact]
    public void Select_OfConsentedClaims_KeepsEachNetIdClaimWithUserInfoWinning()
    {
        Claim[] idToken = [new("sub", "s"), new("netid_age_band", "14_17"), new("netid_minor", "true"), new("netid_result", "pass")];
        using var userInfo = JsonDocument.Parse("""{"sub":"s","netid_age_band":"adult","netid_masked_name":"张*","netid_consent_receipts":["r1"],"name":"not ours"}""");

        var kept = KeptClaims.Select(idToken, userInfo.RootElement);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["netid_age_band"] = "adult",
                ["netid_consent_receipts"] = "[\"r1\"]",
                ["netid_masked_name"] = "张*",
                ["netid_minor"] = "true",
            },
            kept);
    }
}
