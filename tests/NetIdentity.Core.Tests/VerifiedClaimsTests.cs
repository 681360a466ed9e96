using System.Text.Json.Nodes;
using NetIdentity.Core.Disclosure;
using NetIdentity.Core.Verification;

namespace NetIdentity.Core.Tests;

/// <summary>
/// <c>verified_claims</c> (OpenID Connect for Identity Assurance 1.0): the verification a login
/// states, what a request may select, and what it can never obtain (docs/claims.md).
/// </summary>
public sealed class VerifiedClaimsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 3, 8, 30, 5, TimeSpan.FromHours(8));

    private static readonly Dictionary<string, JsonNode?> Everything = new(StringComparer.Ordinal)
    {
        ["netid_result"] = "pass",
        ["netid_age_band"] = "adult",
        ["netid_minor"] = false,
        ["netid_masked_name"] = "赵**",
        ["netid_name"] = "赵小明",
        ["netid_id_type"] = "resident_id",
        ["netid_id_number"] = "110101199003071234",
    };

    [Theory]
    [InlineData("netid")]
    [InlineData("document")]
    public void Verification_WithoutApproval_IsTheSameOnBothWays(string path)
    {
        var verification = VerifiedClaims.Verification(path, AssuranceLevel.Level2, At, faceChecked: path == "document", revealPath: false);

        Assert.Equal(
            """{"trust_framework":"urn:netidentity:tf:cn_real_identity","assurance_level":"urn:netidentity:acr:level2","time":"2026-11-03T00:30:05Z"}""",
            verification.ToJsonString());
    }

    [Fact]
    public void Verification_ApprovedNetId_StatesItsFrameworkAndTheCredentialsSignatureCheck()
    {
        var verification = VerifiedClaims.Verification("netid", AssuranceLevel.Level3, At, faceChecked: true, revealPath: true);

        Assert.Equal("urn:netidentity:tf:cn_netid", verification["trust_framework"]!.GetValue<string>());
        Assert.Equal(
            """[{"type":"electronic_record","check_details":[{"check_method":"vcrypt"},{"check_method":"bvr"}],"time":"2026-11-03T00:30:05Z"}]""",
            verification["evidence"]!.ToJsonString());
    }

    [Fact]
    public void Verification_ApprovedOtherWayWithoutFace_StatesTheRecordCheckOnly()
    {
        var verification = VerifiedClaims.Verification("document", AssuranceLevel.Level1, At, faceChecked: false, revealPath: true);

        Assert.Equal("urn:netidentity:tf:cn_real_name_check", verification["trust_framework"]!.GetValue<string>());
        Assert.Equal("""[{"check_method":"data"}]""", verification["evidence"]![0]!["check_details"]!.ToJsonString());
    }

    [Fact]
    public void Release_DefaultForUserInfo_HoldsEveryClaimableClaimGivenAndNothingElse()
    {
        var released = VerifiedClaims.Release(Verification(), Everything, request: null, ClaimDestinations.UserInfo)!;

        Assert.Equal(
            ["netid_age_band", "netid_minor", "netid_masked_name", "netid_name", "netid_id_type", "netid_id_number"],
            released["claims"]!.AsObject().Select(c => c.Key));
        Assert.Equal(Verification().ToJsonString(), released["verification"]!.ToJsonString());
    }

    [Fact]
    public void Release_DefaultForIdToken_IsNothing() =>
        Assert.Null(VerifiedClaims.Release(Verification(), Everything, request: null, ClaimDestinations.IdToken));

    [Fact]
    public void Release_ForIdTokenAskingForPlaintext_NeverHoldsIt()
    {
        var request = Parse("""{"id_token":{"verified_claims":{"claims":{"netid_name":null,"netid_id_number":{"essential":true},"netid_masked_name":null}}}}""").IdToken;

        var released = VerifiedClaims.Release(Verification(), Everything, request, ClaimDestinations.IdToken)!;

        Assert.Equal("""{"netid_masked_name":"赵**"}""", released["claims"]!.ToJsonString(Json));
    }

    [Fact]
    public void Release_WithRequest_HoldsOnlyTheNamedClaimsAndVerificationElements()
    {
        var request = Parse("""{"userinfo":{"verified_claims":{"verification":{"trust_framework":null,"time":null},"claims":{"netid_age_band":null,"unknown_claim":null}}}}""").UserInfo;

        var released = VerifiedClaims.Release(Verification(), Everything, request, ClaimDestinations.UserInfo)!;

        Assert.Equal("""{"trust_framework":"urn:netidentity:tf:cn_real_identity","time":"2026-11-03T00:30:05Z"}""", released["verification"]!.ToJsonString());
        Assert.Equal("""{"netid_age_band":"adult"}""", released["claims"]!.ToJsonString());
    }

    [Fact]
    public void Release_ClaimNotReleased_IsAbsentEvenWhenAsked()
    {
        var request = Parse("""{"userinfo":{"verified_claims":{"claims":{"netid_name":null}}}}""").UserInfo;

        var released = VerifiedClaims.Release(Verification(), new Dictionary<string, JsonNode?> { ["netid_result"] = "pass" }, request, ClaimDestinations.UserInfo)!;

        Assert.Empty(released["claims"]!.AsObject());
    }

    [Fact]
    public void Release_TrustFrameworkConstraintNotMet_IsNothing()
    {
        var request = Parse("""{"id_token":{"verified_claims":{"verification":{"trust_framework":{"value":"urn:netidentity:tf:cn_netid"}},"claims":{"netid_minor":null}}}}""").IdToken;

        Assert.Null(VerifiedClaims.Release(Verification(), Everything, request, ClaimDestinations.IdToken));
    }

    [Fact]
    public void Release_AssuranceLevelConstraintMet_IsStated()
    {
        var request = Parse("""{"id_token":{"verified_claims":{"verification":{"assurance_level":{"values":["urn:netidentity:acr:level2","urn:netidentity:acr:level3"]}},"claims":{"netid_minor":null}}}}""").IdToken;

        var released = VerifiedClaims.Release(Verification(), Everything, request, ClaimDestinations.IdToken)!;

        Assert.Equal("urn:netidentity:acr:level2", released["verification"]!["assurance_level"]!.GetValue<string>());
    }

    [Fact]
    public void Release_ArrayRequest_AnswersWithAnArrayOfTheRequestsMet()
    {
        var request = Parse("""{"id_token":{"verified_claims":[{"verification":{"trust_framework":{"value":"other"}},"claims":{"netid_minor":null}},{"claims":{"netid_minor":null}}]}}""").IdToken;

        var released = VerifiedClaims.Release(Verification(), Everything, request, ClaimDestinations.IdToken)!;

        Assert.Single(released.AsArray());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("""{"id_token":"verified_claims"}""")]
    [InlineData("""{"userinfo":{"netid_name":true}}""")]
    [InlineData("""{"id_token":{"verified_claims":true}}""")]
    [InlineData("""{"id_token":{"verified_claims":[]}}""")]
    [InlineData("""{"id_token":{"verified_claims":[1]}}""")]
    [InlineData("""{"id_token":{"verified_claims":{"verification":{"trust_framework":null}}}}""")]
    [InlineData("""{"id_token":{"verified_claims":{"claims":{}}}}""")]
    [InlineData("""{"id_token":{"verified_claims":{"claims":{"netid_minor":1}}}}""")]
    [InlineData("""{"id_token":{"verified_claims":{"verification":"x","claims":{"netid_minor":null}}}}""")]
    [InlineData("""{"id_token":{"verified_claims":{"verification":{"trust_framework":{"value":3}},"claims":{"netid_minor":null}}}}""")]
    [InlineData("""{"id_token":{"verified_claims":{"verification":{"trust_framework":{"values":"x"}},"claims":{"netid_minor":null}}}}""")]
    public void TryParse_Malformed_IsRefused(string value)
    {
        Assert.False(ClaimsParameter.TryParse(value, out var parameter, out var reason));
        Assert.Null(parameter);
        Assert.False(string.IsNullOrEmpty(reason));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{"userinfo":{"netid_name":null},"id_token":{"acr":{"essential":true}},"other":1}""")]
    public void TryParse_NoVerifiedClaimsRequest_IsNoRequest(string? value)
    {
        Assert.True(ClaimsParameter.TryParse(value, out var parameter, out _));
        Assert.Equal(new ClaimsParameter(null, null), parameter);
    }

    [Fact]
    public void FromJson_OfAStoredRequest_ReadsTheSameRequest()
    {
        var request = Parse("""{"userinfo":{"verified_claims":{"verification":{"time":null},"claims":{"netid_age_band":null}}}}""").UserInfo!;

        var again = VerifiedClaimsRequests.FromJson(request.Json)!;

        Assert.Equal(request.Items[0].Claims, again.Items[0].Claims);
        Assert.Equal(request.Items[0].Verification, again.Items[0].Verification);
    }

    private static readonly System.Text.Json.JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static JsonObject Verification() => VerifiedClaims.Verification("netid", AssuranceLevel.Level2, At, faceChecked: false, revealPath: false);

    private static ClaimsParameter Parse(string value)
    {
        Assert.True(ClaimsParameter.TryParse(value, out var parameter, out var reason), reason);
        return parameter!;
    }
}
