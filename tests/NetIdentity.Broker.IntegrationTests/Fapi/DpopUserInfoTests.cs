using System.Net;
using System.Security.Cryptography;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Fapi;

/// <summary>
/// DPoP at userinfo (RFC 9449 §7): a bound token works only with the DPoP scheme and a proof by
/// its key, for this request and this token; errors come with <c>WWW-Authenticate: DPoP</c>.
/// </summary>
public sealed class DpopUserInfoTests(MockAuthorityFixture mock) : IClassFixture<MockAuthorityFixture>
{
    [Fact]
    public async Task UserInfo_WithProofBySameKey_AnswersClaims()
    {
        await using var fapi = FapiBroker.Start(mock);
        var tokens = await fapi.TokensAsync();

        using var response = await fapi.Client.UserInfoAsync(tokens.AccessToken!, proof: fapi.Client.Proof("GET", FapiClient.UserInfoUrl, tokens.AccessToken));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("\"sub\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserInfo_WithProofByAnotherKey_IsInvalidDpopProof()
    {
        await using var fapi = FapiBroker.Start(mock);
        var tokens = await fapi.TokensAsync();
        using var thief = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var response = await fapi.Client.UserInfoAsync(tokens.AccessToken!, proof: fapi.Client.Proof("GET", FapiClient.UserInfoUrl, tokens.AccessToken, key: thief));

        AssertDpopChallenge(response, "invalid_dpop_proof", "The DPoP proof is signed by another key than the one the access token is bound to.");
    }

    [Fact]
    public async Task UserInfo_WithProofForAnotherToken_IsInvalidDpopProof()
    {
        await using var fapi = FapiBroker.Start(mock);
        var tokens = await fapi.TokensAsync();

        using var response = await fapi.Client.UserInfoAsync(tokens.AccessToken!, proof: fapi.Client.Proof("GET", FapiClient.UserInfoUrl, accessToken: "another-token"));

        AssertDpopChallenge(response, "invalid_dpop_proof", "The DPoP proof is not bound to this access token ('ath').");
    }

    [Fact]
    public async Task UserInfo_WithReplayedProof_IsInvalidDpopProof()
    {
        await using var fapi = FapiBroker.Start(mock);
        var tokens = await fapi.TokensAsync();
        var proof = fapi.Client.Proof("GET", FapiClient.UserInfoUrl, tokens.AccessToken);
        using var first = await fapi.Client.UserInfoAsync(tokens.AccessToken!, proof: proof);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var replay = await fapi.Client.UserInfoAsync(tokens.AccessToken!, proof: proof);

        AssertDpopChallenge(replay, "invalid_dpop_proof", "The DPoP proof has already been used ('jti').");
    }

    [Fact]
    public async Task UserInfo_WithoutNonce_IsUseDpopNonceWithNonceHeader()
    {
        await using var fapi = FapiBroker.Start(mock);
        var tokens = await fapi.TokensAsync();

        using var response = await fapi.Client.UserInfoAsync(tokens.AccessToken!, proof: fapi.Client.Proof("GET", FapiClient.UserInfoUrl, tokens.AccessToken, withNonce: false));

        AssertDpopChallenge(response, "use_dpop_nonce", "A fresh DPoP nonce is required: retry with the nonce of the DPoP-Nonce header.");
        Assert.True(response.Headers.Contains("DPoP-Nonce"));
    }

    [Fact]
    public async Task UserInfo_WithDpopTokenAsBearer_IsInvalidToken()
    {
        await using var fapi = FapiBroker.Start(mock);
        var tokens = await fapi.TokensAsync();

        using var response = await fapi.Client.UserInfoAsync(tokens.AccessToken!, scheme: "Bearer");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("error=\"invalid_token\"", challenge, StringComparison.Ordinal);
        Assert.Contains("The access token is bound to a DPoP key and must be presented with the DPoP scheme and a proof.", challenge, StringComparison.Ordinal);
    }

    private static void AssertDpopChallenge(HttpResponseMessage response, string error, string description)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.StartsWith("DPoP ", challenge, StringComparison.Ordinal);
        Assert.Contains($"error=\"{error}\"", challenge, StringComparison.Ordinal);
        Assert.Contains($"error_description=\"{description}\"", challenge, StringComparison.Ordinal);
        Assert.Contains("algs=\"ES256 PS256\"", challenge, StringComparison.Ordinal);
    }
}
