using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>
/// Validates a consent receipt as docs/claims.md tells a platform to: like an ID token, against
/// the broker's JWKS, ES256 only, header <c>typ: consent-receipt+jwt</c>; a receipt has no expiry.
/// </summary>
internal static class ReceiptTokens
{
    public const string Type = "consent-receipt+jwt";

    public static async Task<JsonWebToken> ValidateAsync(HttpClient broker, string receipt, string audience)
    {
        var jwks = new JsonWebKeySet(await broker.GetStringAsync(new Uri("/.well-known/jwks", UriKind.Relative)));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(receipt, new TokenValidationParameters
        {
            ValidIssuer = ProtocolAssert.Issuer,
            ValidAudience = audience,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidTypes = [Type],
            ValidateLifetime = false,
            RequireExpirationTime = false,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }

    /// <summary>The receipt's <c>consent</c> object.</summary>
    public static JsonElement Consent(JsonWebToken receipt) => Payload(receipt).GetProperty("consent");

    /// <summary>The whole payload, as JSON.</summary>
    public static JsonElement Payload(JsonWebToken receipt) =>
        JsonDocument.Parse(Base64UrlEncoder.Decode(receipt.EncodedPayload)).RootElement.Clone();
}
