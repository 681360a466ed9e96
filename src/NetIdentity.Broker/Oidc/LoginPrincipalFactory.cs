using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Consent;
using NetIdentity.Core.Disclosure;
using NetIdentity.Core.Verification;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// Builds the principal OpenIddict turns into tokens for a verified login. Each claim gets its
/// destinations from <see cref="ClaimRelease"/> only; a claim it does not name goes nowhere.
/// </summary>
public static class LoginPrincipalFactory
{
    /// <summary>The principal of a verified login.</summary>
    /// <param name="transaction">The login, verified and with every consent decided.</param>
    /// <param name="request">The authorization request it answers.</param>
    /// <param name="platform">The platform it is for.</param>
    /// <param name="receipts">The receipts of the consents in force for this login.</param>
    /// <param name="sessionId">
    /// The login's <c>sid</c> (Back-Channel Logout 1.0 §2.1), for a platform registered for
    /// back-channel logout; null otherwise, and then no <c>sid</c> is issued.
    /// </param>
    public static ClaimsPrincipal Create(LoginTransaction transaction, OpenIddictRequest request, PlatformOptions platform, IReadOnlyList<string>? receipts = null, string? sessionId = null)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(platform);
        if (transaction.State is not (LoginState.Verified or LoginState.Completed) || transaction.Subject is null || transaction.Level is null || transaction.AuthTime is null)
        {
            throw new InvalidOperationException("Only a verified login becomes a principal.");
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        var authTime = transaction.AuthTime.Value.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        identity.AddClaim(new Claim(ClaimRelease.Subject, transaction.Subject));
        identity.AddClaim(new Claim(ClaimRelease.AuthenticationTime, authTime, ClaimValueTypes.Integer64));
        identity.AddClaim(new Claim(ClaimRelease.AuthenticationContext, Assurance.ToAcr(transaction.Level.Value)));
        identity.AddClaim(new Claim(ClaimRelease.Result, "pass"));
        identity.AddClaim(new Claim(ClaimRelease.VerifiedAt, authTime, ClaimValueTypes.Integer64));
        foreach (var method in transaction.Methods ?? [])
        {
            identity.AddClaim(new Claim(ClaimRelease.AuthenticationMethods, method));
        }

        if (sessionId is not null)
        {
            identity.AddClaim(new Claim(ClaimRelease.SessionId, sessionId));
        }

        AddConsentedClaims(identity, transaction, receipts ?? []);

        // Scopes the platform asked for and is registered for (OpenIddict already refused others),
        // less every consent scope the person did not grant: the tokens and the token response
        // state the scope actually granted (RFC 6749 §3.3), and a withdrawal revokes only the
        // tokens that carry the withdrawn scope.
        var scopes = request.GetScopes()
            .Where(platform.Scopes.Contains)
            .Where(scope => ConsentScopes.ItemOf(scope) is not { } item || transaction.GrantedItems.Contains(item))
            .ToHashSet(StringComparer.Ordinal);
        identity.SetScopes(scopes);

        var granted = (IReadOnlySet<string>)scopes;
        AddVerifiedClaims(identity, transaction, request, platform, granted);
        identity.SetDestinations(claim => Destinations(ClaimRelease.For(claim.Type, granted, platform.ReleaseAuthenticationMethods)));
        // OpenIddict puts a claim in a token only for the destinations it has; a claim without
        // one (none here) stays out. Its own private claims (oi_*) carry the granted scopes.
        var principal = new ClaimsPrincipal(identity);
        return principal;
    }

    /// <summary>Only what the person consented to in this login (or before, for the same purpose).</summary>
    private static void AddConsentedClaims(ClaimsIdentity identity, LoginTransaction transaction, IReadOnlyList<string> receipts)
    {
        // A minor is always flagged: the platform is obliged to run its minors' mode (docs/minors.md).
        var band = transaction.AgeBand;
        var ageGranted = transaction.GrantedItems.Contains(ConsentItem.AgeBand) && band is not null;
        if (band is AgeBand.Under14 or AgeBand.From14To17 || ageGranted)
        {
            identity.AddClaim(new Claim(ClaimRelease.Minor, band == AgeBand.Adult ? "false" : "true", ClaimValueTypes.Boolean));
        }

        if (ageGranted)
        {
            identity.AddClaim(new Claim(ClaimRelease.AgeBand, band switch
            {
                AgeBand.Under14 => "under_14",
                AgeBand.From14To17 => "14_17",
                _ => "adult",
            }));
            if (transaction.GuardianSubject is not null && transaction.GuardianConsentedAt is { } consentedAt)
            {
                identity.AddClaim(new Claim(ClaimRelease.GuardianSubject, transaction.GuardianSubject));
                identity.AddClaim(new Claim(ClaimRelease.GuardianConsentedAt, consentedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
            }
        }

        // Each threshold under its own consent; read from the verified band, never from a date.
        foreach (var (item, claim, years) in AgeThresholdClaims)
        {
            if (transaction.GrantedItems.Contains(item) && band is { } verified)
            {
                identity.AddClaim(new Claim(claim, AgeOver.Reached(verified, years) ? "true" : "false", ClaimValueTypes.Boolean));
            }
        }

        if (transaction.GrantedItems.Contains(ConsentItem.MaskedIdentity) && transaction.MaskedName is not null && transaction.MaskedIdNumber is not null)
        {
            identity.AddClaim(new Claim(ClaimRelease.MaskedName, transaction.MaskedName));
            identity.AddClaim(new Claim(ClaimRelease.MaskedIdNumber, transaction.MaskedIdNumber));
        }

        if (transaction.GrantedItems.Contains(ConsentItem.Identity) && transaction.DeliveryId is not null)
        {
            identity.AddClaim(new Claim(ClaimRelease.Delivery, transaction.DeliveryId));
        }

        foreach (var receipt in receipts)
        {
            identity.AddClaim(new Claim(ClaimRelease.ConsentReceipts, receipt));
        }
    }

    /// <summary>
    /// OpenID Connect for Identity Assurance 1.0: <c>verified_claims</c> in the ID token when the
    /// platform asked for it with the <c>claims</c> parameter, holding only claims the ID token
    /// already receives under their scopes (never plaintext: VerifiedClaims.Release); and the
    /// basis of the userinfo statement, completed at userinfo (UserInfoEndpoint).
    /// </summary>
    private static void AddVerifiedClaims(ClaimsIdentity identity, LoginTransaction transaction, OpenIddictRequest request, PlatformOptions platform, IReadOnlySet<string> granted)
    {
        // A malformed parameter was refused before the login began (ValidateClaimsParameter);
        // should it fail here after all, nothing is stated rather than a guess (fail closed).
        if (transaction.Path is null || !ClaimsParameter.TryParse(ValidateClaimsParameter.Raw(request), out var parameter, out _) || parameter is null)
        {
            return;
        }

        var verification = VerifiedClaims.Verification(
            transaction.Path,
            transaction.Level!.Value,
            transaction.AuthTime!.Value,
            faceChecked: transaction.Methods?.Contains("face", StringComparer.Ordinal) == true,
            revealPath: platform.ReleaseAuthenticationMethods);

        var inIdToken = identity.Claims
            .Where(c => ClaimRelease.For(c.Type, granted, platform.ReleaseAuthenticationMethods).HasFlag(ClaimDestinations.IdToken))
            .GroupBy(c => c.Type, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => JsonValueOf(g.First()), StringComparer.Ordinal);
        if (VerifiedClaims.Release(verification, inIdToken, parameter.IdToken, ClaimDestinations.IdToken) is { } idToken)
        {
            identity.AddClaim(VerifiedClaims.ClaimType, JsonElementOf(idToken));
        }

        var basis = new JsonObject { ["verification"] = verification, ["userinfo"] = parameter.UserInfo?.Json };
        identity.AddClaim(VerifiedClaims.UserInfoBasis, JsonElementOf(basis));
    }

    /// <summary>A claim's value as JSON: NumericDate and boolean claims as numbers and booleans (RFC 7519 §2).</summary>
    internal static JsonNode? JsonValueOf(Claim claim) => claim.ValueType switch
    {
        ClaimValueTypes.Boolean => JsonValue.Create(claim.Value == "true"),
        ClaimValueTypes.Integer64 when long.TryParse(claim.Value, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        _ => JsonValue.Create(claim.Value),
    };

    private static JsonElement JsonElementOf(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }

    private static readonly (ConsentItem Item, string Claim, int Years)[] AgeThresholdClaims =
    [
        (ConsentItem.AgeOver14, ClaimRelease.AgeOver14, 14),
        (ConsentItem.AgeOver18, ClaimRelease.AgeOver18, 18),
    ];

    private static IEnumerable<string> Destinations(ClaimDestinations destinations)
    {
        if (destinations.HasFlag(ClaimDestinations.IdToken))
        {
            yield return OpenIddictConstants.Destinations.IdentityToken;
        }

        if (destinations.HasFlag(ClaimDestinations.UserInfo))
        {
            yield return OpenIddictConstants.Destinations.AccessToken;
        }
    }
}
