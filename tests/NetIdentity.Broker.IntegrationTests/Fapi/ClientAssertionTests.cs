using System.Net;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Fapi;

/// <summary>
/// <c>private_key_jwt</c> for a FAPI 2.0 platform (RFC 7523 §3; FAPI 2.0 §5.3.2.1, §5.4.1): the
/// OpenID Foundation test plan's negative cases, each refused with <c>invalid_client</c>.
/// </summary>
public sealed class ClientAssertionTests(MockAuthorityFixture mock) : IClassFixture<MockAuthorityFixture>
{
    [Fact]
    public async Task Token_WithReplayedAssertion_IsInvalidClient()
    {
        await using var fapi = FapiBroker.Start(mock);
        var (request, code) = await fapi.LoginAsync();
        await fapi.Client.PrimeNonceAsync();
        var assertion = fapi.Client.Assertion();
        var first = await fapi.Client.RedeemAsync(request, code, assertion);
        Assert.Equal(HttpStatusCode.OK, first.Status);

        var replay = await fapi.Client.PostTokenAsync(
            new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = first.RefreshToken! },
            assertion,
            fapi.Client.Proof("POST", FapiClient.TokenUrl));

        AssertInvalidClient(replay, "The client assertion has already been used ('jti').");
    }

    public static TheoryData<string, string?> BentAssertions => new()
    {
        { "audience-token-endpoint", "The client assertion's audience must be exactly the issuer identifier." },
        { "audience-elsewhere", "The client assertion's audience must be exactly the issuer identifier." },
        { "rs256", "The client assertion must be signed with ES256 or PS256." },
        { "old", "The client assertion's 'iat' and 'exp' are outside the accepted window (at most 5 minutes, not in the future)." },
        { "long", "The client assertion's 'iat' and 'exp' are outside the accepted window (at most 5 minutes, not in the future)." },
        { "expired", "The client assertion's 'iat' and 'exp' are outside the accepted window (at most 5 minutes, not in the future)." },
        { "no-subject", "The client assertion's 'iss' and 'sub' must both be the client_id." },
        { "none", "The client assertion must be signed with ES256 or PS256." },
    };

    /// <summary>A null description: OpenIddict refuses it itself, with its own description.</summary>
    [Theory]
    [MemberData(nameof(BentAssertions))]
    public async Task Token_WithBentAssertion_IsInvalidClient(string bend, string? description)
    {
        await using var fapi = FapiBroker.Start(mock);
        var (request, code) = await fapi.LoginAsync();
        await fapi.Client.PrimeNonceAsync();
        var client = fapi.Client;
        var assertion = bend switch
        {
            "audience-token-endpoint" => client.Assertion(audience: FapiClient.TokenUrl),
            "audience-elsewhere" => client.Assertion(audience: "https://elsewhere.example/"),
            "rs256" => client.Assertion(alg: SecurityAlgorithms.RsaSha256),
            "old" => client.Assertion(age: TimeSpan.FromMinutes(6), lifetime: TimeSpan.FromMinutes(7)),
            "long" => client.Assertion(lifetime: TimeSpan.FromHours(1)),
            "expired" => client.Assertion(age: TimeSpan.FromMinutes(3), lifetime: TimeSpan.FromMinutes(2)),
            "no-subject" => client.Assertion(withSubject: false),
            _ => Unsigned(fapi.A.ClientId),
        };

        var tokens = await client.RedeemAsync(request, code, assertion);

        AssertInvalidClient(tokens, description);
    }

    [Fact]
    public async Task Token_WithAssertionSignedPs256_IssuesTokens()
    {
        await using var fapi = FapiBroker.Start(mock);
        var (request, code) = await fapi.LoginAsync();
        await fapi.Client.PrimeNonceAsync();

        var tokens = await fapi.Client.RedeemAsync(request, code, fapi.Client.Assertion(alg: SecurityAlgorithms.RsaSsaPssSha256));

        Assert.True(tokens.Status == HttpStatusCode.OK, tokens.Body.ToString());
    }

    private static string Unsigned(string clientId)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"client-authentication+jwt"}""");
        var payload = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(
            $$"""{"iss":"{{clientId}}","sub":"{{clientId}}","aud":"{{FapiClient.Issuer}}","jti":"{{Guid.NewGuid():N}}","iat":{{now}},"exp":{{now + 120}}}"""));
        return header + "." + payload + ".";
    }

    private static void AssertInvalidClient(TokenResponse response, string? description)
    {
        Assert.True(response.Status == HttpStatusCode.Unauthorized, response.Body.ToString());
        Assert.Equal("invalid_client", response.Error);
        if (description is not null)
        {
            Assert.Equal(description, response.ErrorDescription);
        }

        Assert.Null(response.AccessToken);
    }
}
