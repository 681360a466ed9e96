using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Client;

namespace NetIdentity.DemoPlatform.Events;

/// <summary>
/// Validates a logout token as OpenID Connect Back-Channel Logout 1.0 §2.6 says, failing closed:
/// <c>typ: logout+jwt</c>, ES256 by a key of the broker's JWKS (the login's discovery cache),
/// the broker's <c>iss</c>, this forum's <c>aud</c>, <c>iat</c> and an unexpired <c>exp</c>, the
/// back-channel logout event, a <c>jti</c>, a <c>sub</c> or <c>sid</c>, and no <c>nonce</c>.
/// </summary>
internal sealed class LogoutTokenValidator(IOptionsMonitor<OpenIdConnectOptions> oidc, IOptionsMonitor<NetIdentityOptions> netid)
{
    public const string Event = "http://schemas.openid.net/event/backchannel-logout";

    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>The logout it proves, or why it is refused.</summary>
    /// <exception cref="InvalidOperationException">The broker's discovery document or keys could not be fetched.</exception>
    public async Task<(LogoutRequest? Logout, string? Error)> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var manager = oidc.Get(NetIdentityDefaults.AuthenticationScheme).ConfigurationManager
            ?? throw new InvalidOperationException("The NetIdentity scheme has no configuration manager.");
        var configuration = await manager.GetConfigurationAsync(cancellationToken);
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = netid.Get(NetIdentityDefaults.AuthenticationScheme).ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidTypes = ["logout+jwt"],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
        };
        var result = await Handler.ValidateTokenAsync(token, parameters);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The broker may have rotated its keys: fetch them again, once.
            manager.RequestRefresh();
            parameters.IssuerSigningKeys = (await manager.GetConfigurationAsync(cancellationToken)).SigningKeys;
            result = await Handler.ValidateTokenAsync(token, parameters);
        }

        if (!result.IsValid)
        {
            return (null, "The logout token does not validate: " + result.Exception?.GetType().Name);
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        using var payload = JsonDocument.Parse(Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(jwt.EncodedPayload)));
        var root = payload.RootElement;
        var sub = Text(root, "sub");
        var sid = Text(root, "sid");
        if (root.TryGetProperty("nonce", out _))
        {
            return (null, "A logout token must not contain a nonce (§2.4).");
        }

        if (!root.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Object
            || !events.TryGetProperty(Event, out var logout) || logout.ValueKind != JsonValueKind.Object)
        {
            return (null, "The logout token needs the back-channel logout event (§2.4).");
        }

        if (Text(root, "jti") is not { } jti || !root.TryGetProperty("iat", out var iat) || !iat.TryGetInt64(out var issuedAt))
        {
            return (null, "The logout token needs a jti and an iat (§2.4).");
        }

        if (sub is null && sid is null)
        {
            return (null, "The logout token needs a sub, a sid or both (§2.4).");
        }

        return (new LogoutRequest(jti, DateTimeOffset.FromUnixTimeSeconds(issuedAt), sub, sid), null);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
