using System.Net;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Fapi;

/// <summary>
/// DPoP at the token endpoint (RFC 9449 §4.3, §5, §8, §10) for a FAPI 2.0 platform, through the
/// real broker and mock authority: the negative cases of the OpenID Foundation's FAPI 2.0 test
/// plan, each refused with its exact error and description.
/// </summary>
public sealed class DpopTokenEndpointTests(MockAuthorityFixture mock) : IClassFixture<MockAuthorityFixture>
{
    [Fact]
    public async Task Token_WithValidProof_IssuesDpopBoundTokens()
    {
        await using var fapi = FapiBroker.Start(mock);

        var tokens = await fapi.TokensAsync();

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        Assert.Equal("DPoP", tokens.Body.GetProperty("token_type").GetString());
        var introspection = await IntrospectAsync(fapi, tokens.AccessToken!);
        Assert.Equal(fapi.Client.Thumbprint(), introspection.GetProperty("cnf").GetProperty("jkt").GetString());
        Assert.Equal(ProtocolAssert.Issuer, introspection.GetProperty("aud").GetString());
    }

    [Fact]
    public async Task Token_WithoutProof_IsInvalidDpopProof()
    {
        await using var fapi = FapiBroker.Start(mock);
        var (request, code) = await fapi.LoginAsync();

        var tokens = await fapi.Client.RedeemAsync(request, code, withProof: false);

        AssertError(tokens, "invalid_dpop_proof", "A DPoP proof is required for this request (RFC 9449; FAPI 2.0 §5.3.2.2).");
    }

    [Fact]
    public async Task Token_WithoutNonce_IsUseDpopNonceWithFreshNonce()
    {
        await using var fapi = FapiBroker.Start(mock);
        var (request, code) = await fapi.LoginAsync();

        var tokens = await fapi.Client.RedeemAsync(request, code, proof: fapi.Client.Proof("POST", FapiClient.TokenUrl, withNonce: false));

        AssertError(tokens, "use_dpop_nonce", "A fresh DPoP nonce is required: retry with the nonce of the DPoP-Nonce header.");
        Assert.NotNull(fapi.Client.Nonce);
    }

    public static TheoryData<string, string> BentProofs => new()
    {
        { "method", "The DPoP proof was made for another HTTP method ('htm')." },
        { "url", "The DPoP proof was made for another URL ('htu')." },
        { "stale", "The DPoP proof was not issued within the accepted time window ('iat')." },
        { "future", "The DPoP proof was not issued within the accepted time window ('iat')." },
        { "symmetric", "The DPoP proof must be signed with ES256 or PS256." },
        { "private", "The DPoP proof must carry its public key, and no private key material, in the 'jwk' header." },
    };

    [Theory]
    [MemberData(nameof(BentProofs))]
    public async Task Token_WithBentProof_IsInvalidDpopProof(string bend, string description)
    {
        await using var fapi = FapiBroker.Start(mock);
        var (request, code) = await fapi.LoginAsync();
        await fapi.Client.PrimeNonceAsync();
        var client = fapi.Client;
        var proof = bend switch
        {
            "method" => client.Proof("GET", FapiClient.TokenUrl),
            "url" => client.Proof("POST", FapiClient.UserInfoUrl),
            "stale" => client.Proof("POST", FapiClient.TokenUrl, age: TimeSpan.FromMinutes(5)),
            "future" => client.Proof("POST", FapiClient.TokenUrl, age: TimeSpan.FromMinutes(-5)),
            "symmetric" => client.Proof("POST", FapiClient.TokenUrl, credentials: new SigningCredentials(
                new SymmetricSecurityKey(new byte[32]), SecurityAlgorithms.HmacSha256)),
            _ => client.Proof("POST", FapiClient.TokenUrl, withPrivateKey: true),
        };

        var tokens = await client.RedeemAsync(request, code, proof: proof);

        AssertError(tokens, "invalid_dpop_proof", description);
    }

    [Fact]
    public async Task Token_WithReplayedProof_IsInvalidDpopProof()
    {
        await using var fapi = FapiBroker.Start(mock);
        var (request, code) = await fapi.LoginAsync();
        await fapi.Client.PrimeNonceAsync();
        var proof = fapi.Client.Proof("POST", FapiClient.TokenUrl);
        var first = await fapi.Client.RedeemAsync(request, code, proof: proof);
        Assert.Equal(HttpStatusCode.OK, first.Status);

        var replay = await fapi.Client.RefreshAsync(first.RefreshToken!, proof);

        AssertError(replay, "invalid_dpop_proof", "The DPoP proof has already been used ('jti').");
    }

    [Fact]
    public async Task Token_WithKeyOtherThanDpopJkt_IsInvalidGrant()
    {
        await using var fapi = FapiBroker.Start(mock);
        using var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var (request, code) = await fapi.LoginAsync(dpopJkt: fapi.Client.Thumbprint(other));
        await fapi.Client.PrimeNonceAsync();

        var tokens = await fapi.Client.RedeemAsync(request, code);

        AssertError(tokens, "invalid_grant", "The authorization code ('dpop_jkt') is bound to another DPoP key.");
    }

    [Fact]
    public async Task Token_WithKeyNamedByDpopJkt_IssuesTokens()
    {
        await using var fapi = FapiBroker.Start(mock);
        var (request, code) = await fapi.LoginAsync(dpopJkt: fapi.Client.Thumbprint());
        await fapi.Client.PrimeNonceAsync();

        var tokens = await fapi.Client.RedeemAsync(request, code);

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
    }

    [Fact]
    public async Task Refresh_WithAnotherKey_IsInvalidGrant()
    {
        await using var fapi = FapiBroker.Start(mock);
        var tokens = await fapi.TokensAsync();
        using var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);

        var refreshed = await fapi.Client.RefreshAsync(tokens.RefreshToken!, fapi.Client.Proof("POST", FapiClient.TokenUrl, key: other));

        AssertError(refreshed, "invalid_grant", "The refresh token is bound to another DPoP key.");
    }

    [Fact]
    public async Task Refresh_WithSameKey_IssuesTokensBoundToIt()
    {
        await using var fapi = FapiBroker.Start(mock);
        var tokens = await fapi.TokensAsync();

        var refreshed = await fapi.Client.RefreshAsync(tokens.RefreshToken!);

        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal("DPoP", refreshed.Body.GetProperty("token_type").GetString());
        var introspection = await IntrospectAsync(fapi, refreshed.AccessToken!);
        Assert.Equal(fapi.Client.Thumbprint(), introspection.GetProperty("cnf").GetProperty("jkt").GetString());
    }

    internal static void AssertError(TokenResponse response, string error, string description)
    {
        Assert.Equal(error, response.Error);
        Assert.Equal(description, response.ErrorDescription);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Null(response.AccessToken);
    }

    private static async Task<JsonElement> IntrospectAsync(FapiBroker fapi, string token)
    {
        var form = new Dictionary<string, string>
        {
            ["token"] = token,
            ["client_id"] = fapi.A.ClientId,
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = fapi.Client.Assertion(),
        };
        using var content = new FormUrlEncodedContent(form);
        using var response = await fapi.Client.Http.PostAsync(new Uri("/connect/introspect", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var root = JsonDocument.Parse(body).RootElement.Clone();
        Assert.True(root.GetProperty("active").GetBoolean(), body);
        return root;
    }
}
