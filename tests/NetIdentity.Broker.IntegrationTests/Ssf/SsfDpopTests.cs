using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using NetIdentity.Broker.IntegrationTests.Fapi;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Ssf;

/// <summary>
/// A FAPI 2.0 platform manages its SSF stream with a DPoP-bound client credentials token
/// (private_key_jwt at the token endpoint, RFC 9449 §7 at the SSF endpoint): the proof is checked
/// for the SSF URL, and the bound token is never accepted as a bearer token.
/// </summary>
public sealed class SsfDpopTests(MockAuthorityFixture mock) : IClassFixture<MockAuthorityFixture>
{
    private const string StreamsUrl = FapiClient.Issuer + "ssf/streams";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fapi2Platform_WithABoundTokenAndAProof_ReadsItsStreams()
    {
        await using var fapi = FapiBroker.Start(mock);
        var token = await TokenAsync(fapi);

        using var response = await GetStreamsAsync(fapi, "DPoP", token, fapi.Client.Proof("GET", StreamsUrl, token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Fapi2Platform_BoundTokenAsBearer_IsInvalidToken()
    {
        await using var fapi = FapiBroker.Start(mock);
        var token = await TokenAsync(fapi);

        using var response = await GetStreamsAsync(fapi, "Bearer", token, proof: null);

        await AssertRefusedAsync(response, "invalid_token", "The access token is bound to a DPoP key and must be presented with the DPoP scheme and a proof.");
    }

    [Fact]
    public async Task Fapi2Platform_ProofByAnotherKey_IsInvalidDpopProof()
    {
        await using var fapi = FapiBroker.Start(mock);
        var token = await TokenAsync(fapi);
        using var thief = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var response = await GetStreamsAsync(fapi, "DPoP", token, fapi.Client.Proof("GET", StreamsUrl, token, key: thief));

        await AssertRefusedAsync(response, "invalid_dpop_proof", "The DPoP proof is signed by another key than the one the access token is bound to.");
    }

    [Fact]
    public async Task Fapi2Platform_ProofForAnotherUrl_IsInvalidDpopProof()
    {
        await using var fapi = FapiBroker.Start(mock);
        var token = await TokenAsync(fapi);

        using var response = await GetStreamsAsync(fapi, "DPoP", token, fapi.Client.Proof("GET", FapiClient.UserInfoUrl, token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("invalid_dpop_proof", body.RootElement.GetProperty("error").GetString());
    }

    private static async Task<string> TokenAsync(FapiBroker fapi)
    {
        await fapi.Client.PrimeNonceAsync();
        var tokens = await fapi.Client.PostTokenAsync(
            new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "ssf.manage" },
            fapi.Client.Assertion(),
            fapi.Client.Proof("POST", FapiClient.TokenUrl));
        Assert.True(tokens.AccessToken is not null, tokens.Body.ToString());
        Assert.Equal("DPoP", tokens.Body.GetProperty("token_type").GetString());
        return tokens.AccessToken!;
    }

    private static async Task<HttpResponseMessage> GetStreamsAsync(FapiBroker fapi, string scheme, string token, string? proof)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, "/ssf/streams");
        message.Headers.Authorization = new AuthenticationHeaderValue(scheme, token);
        if (proof is not null)
        {
            message.Headers.Add("DPoP", proof);
        }

        return await fapi.Client.Http.SendAsync(message, Ct);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string error, string description)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(error, body.RootElement.GetProperty("error").GetString());
        Assert.Equal(description, body.RootElement.GetProperty("error_description").GetString());
        Assert.Contains($"error=\"{error}\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }
}
