using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Fapi;

/// <summary>
/// A DPoP proof sent with the pushed request (RFC 9449 §10.1) binds the code to its key, like
/// <c>dpop_jkt</c>; the two must agree.
/// </summary>
public sealed class DpopPushedRequestTests(MockAuthorityFixture mock) : IClassFixture<MockAuthorityFixture>
{
    [Fact]
    public async Task Token_WithKeyOtherThanTheParProof_IsInvalidGrant()
    {
        await using var fapi = FapiBroker.Start(mock);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await fapi.Client.PrimeNonceAsync();
        var (request, code) = await fapi.LoginAsync(parProof: fapi.Client.Proof("POST", FapiClient.ParUrl, key: other));

        var tokens = await fapi.Client.RedeemAsync(request, code);

        DpopTokenEndpointTests.AssertError(tokens, "invalid_grant", "The authorization code ('dpop_jkt') is bound to another DPoP key.");
    }

    [Fact]
    public async Task Token_WithTheParProofsKey_IssuesTokens()
    {
        await using var fapi = FapiBroker.Start(mock);
        await fapi.Client.PrimeNonceAsync();
        var (request, code) = await fapi.LoginAsync(parProof: fapi.Client.Proof("POST", FapiClient.ParUrl));

        var tokens = await fapi.Client.RedeemAsync(request, code);

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
    }

    [Fact]
    public async Task Push_WithProofAndDpopJktOfAnotherKey_IsInvalidDpopProof()
    {
        await using var fapi = FapiBroker.Start(mock);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await fapi.Client.PrimeNonceAsync();

        using var response = await fapi.Client.PushRawAsync(
            new AuthorizationRequest(fapi.A.Platform), dpopJkt: fapi.Client.Thumbprint(other), proof: fapi.Client.Proof("POST", FapiClient.ParUrl));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("invalid_dpop_proof", body.GetProperty("error").GetString());
        Assert.Equal("The 'dpop_jkt' parameter and the DPoP proof name different keys.", body.GetProperty("error_description").GetString());
    }
}
