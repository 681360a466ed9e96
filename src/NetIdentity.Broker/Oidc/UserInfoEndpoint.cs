using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using NetIdentity.Broker.Consent;
using NetIdentity.Core.Consent;
using NetIdentity.Core.Disclosure;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// The userinfo endpoint (OIDC Core §5.3): what the access token carries for userinfo, and —
/// once, if the person gave separate consent — the plaintext identity, opened from its sealed
/// delivery at this moment and erased by being taken (PRODUCT rule 7).
/// </summary>
public static partial class UserInfoEndpoint
{
    private static readonly string[] Released =
    [
        ClaimRelease.Result, ClaimRelease.VerifiedAt, ClaimRelease.AgeBand, ClaimRelease.Minor,
        ClaimRelease.MaskedName, ClaimRelease.MaskedIdNumber, ClaimRelease.GuardianSubject, ClaimRelease.GuardianConsentedAt,
        ClaimRelease.AgeOver14, ClaimRelease.AgeOver18,
    ];

    public static async Task<IResult> HandleAsync(HttpContext context, IIdentityDeliveries deliveries, ConsentFlow consent, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(deliveries);
        ArgumentNullException.ThrowIfNull(consent);
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (result.Principal is not { } principal || principal.GetClaim(Claims.Subject) is not { } subject)
        {
            return Results.Challenge(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The access token is not valid.",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { [Claims.Subject] = subject };
        foreach (var claim in principal.Claims.Where(c => Released.Contains(c.Type)))
        {
            claims[claim.Type] = claim.Type switch
            {
                // NumericDate and boolean claims are JSON numbers and booleans (RFC 7519 §2), whatever the token round trip left.
                ClaimRelease.VerifiedAt or ClaimRelease.GuardianConsentedAt when long.TryParse(claim.Value, CultureInfo.InvariantCulture, out var number) => number,
                ClaimRelease.Minor or ClaimRelease.AgeOver14 or ClaimRelease.AgeOver18 => claim.Value == "true",
                _ => claim.Value,
            };
        }

        var receipts = principal.GetClaims(ClaimRelease.ConsentReceipts);
        if (receipts.Length > 0)
        {
            claims[ClaimRelease.ConsentReceipts] = receipts;
        }

        context.Response.Headers.CacheControl = "no-store";
        if (principal.GetClaim(ClaimRelease.Delivery) is { } deliveryId && principal.GetPresenters().FirstOrDefault() is { } clientId)
        {
            var delivery = await deliveries.TakeAsync(deliveryId, clientId, subject, time.GetUtcNow(), context.RequestAborted);
            if (delivery is not null)
            {
                var identity = consent.OpenIdentity(delivery.Envelope, delivery.BizSeq);
                Array.Clear(delivery.Envelope);
                claims[ClaimRelease.Name] = identity.Name;
                claims[ClaimRelease.IdType] = identity.IdType ?? "resident_id";
                claims[ClaimRelease.IdNumber] = identity.IdNumber;
                Log.IdentityDelivered(loggers.CreateLogger(typeof(UserInfoEndpoint)), clientId);
            }
        }

        if (principal.GetClaim(VerifiedClaims.UserInfoBasis) is { } basis && Statement(basis, claims) is { } statement)
        {
            claims[VerifiedClaims.ClaimType] = statement;
        }

        return Results.Ok(claims);
    }

    /// <summary>
    /// OpenID Connect for Identity Assurance 1.0 in userinfo: the verification decided at login,
    /// with the claims this very response releases (plaintext only when it carries it, once),
    /// as the platform's userinfo request asked or, without one, the scope-based default.
    /// </summary>
    private static JsonNode? Statement(string basisJson, Dictionary<string, object> released)
    {
        if (JsonNode.Parse(basisJson) is not JsonObject basis || basis["verification"] is not JsonObject verification)
        {
            return null;
        }

        VerifiedClaimsRequests? request = null;
        if (basis["userinfo"] is JsonValue stored && stored.TryGetValue<string>(out var requestJson))
        {
            // Fail closed: a stored request that no longer reads states nothing.
            request = VerifiedClaimsRequests.FromJson(requestJson);
            if (request is null)
            {
                return null;
            }
        }

        var values = released.ToDictionary(c => c.Key, c => c.Value switch
        {
            string text => JsonValue.Create(text),
            long number => JsonValue.Create(number),
            bool flag => (JsonNode?)JsonValue.Create(flag),
            _ => null,
        }, StringComparer.Ordinal);
        return VerifiedClaims.Release(verification, values, request, ClaimDestinations.UserInfo);
    }
}
