using System.Security.Claims;

namespace NetIdentity.Client;

/// <summary>
/// Decides whether an ID token proves what the platform asked for: a verified person
/// (<c>netid_result</c> = <c>pass</c>) at the requested assurance level or above. Fails closed:
/// a missing, unknown or ambiguous value is a failure.
/// </summary>
internal static class AssuranceCheck
{
    /// <summary>Null when the principal passes; otherwise why it does not (no claim values but acr).</summary>
    public static string? Evaluate(ClaimsPrincipal? principal, int requiredLevel)
    {
        var required = AssuranceLevels.ToAcr(requiredLevel);
        if (principal is null)
        {
            return "NetIdentity sent no ID token claims.";
        }

        var acrs = principal.FindAll(NetIdentityClaimTypes.AuthenticationContext).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToList();
        if (acrs.Count == 0)
        {
            return $"The ID token has no acr claim; this platform requires {required} or higher.";
        }

        if (acrs.Count > 1)
        {
            return $"The ID token has several acr values ({string.Join(", ", acrs)}); this platform requires exactly one, {required} or higher.";
        }

        if (!AssuranceLevels.TryParse(acrs[0], out var level))
        {
            return $"The ID token's acr \"{acrs[0]}\" is not a NetIdentity assurance level; this platform requires {required} or higher.";
        }

        if (level < requiredLevel)
        {
            return $"The ID token's acr {acrs[0]} is below the level this platform requested, {required}.";
        }

        var results = principal.FindAll(NetIdentityClaimTypes.Result).ToList();
        if (results.Count == 0 || results.Any(c => !string.Equals(c.Value, NetIdentityDefaults.PassResult, StringComparison.Ordinal)))
        {
            return "The ID token does not carry netid_result \"pass\": the person is not verified.";
        }

        return null;
    }
}
