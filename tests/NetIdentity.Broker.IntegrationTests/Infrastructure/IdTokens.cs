using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>Validates an ID token as a relying party must (OIDC Core §3.1.3.7), against the broker's JWKS.</summary>
internal static class IdTokens
{
    public static async Task<JsonWebToken> ValidateAsync(HttpClient broker, string idToken, string audience, string? nonce)
    {
        var jwks = new JsonWebKeySet(await broker.GetStringAsync(new Uri("/.well-known/jwks", UriKind.Relative)));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = "http://localhost/",
            ValidAudience = audience,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidateLifetime = true,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        if (nonce is not null)
        {
            Assert.Equal(nonce, token.GetPayloadValue<string>("nonce"));
        }

        return token;
    }

    /// <summary>The claim names in the payload, sorted.</summary>
    public static IReadOnlyList<string> ClaimNames(JsonWebToken token) =>
        token.Claims.Select(c => c.Type).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
