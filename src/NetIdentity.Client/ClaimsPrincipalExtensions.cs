using System.Globalization;
using System.Security.Claims;

namespace NetIdentity.Client;

/// <summary>
/// What a platform usually wants to know of a person who logged in through NetIdentity. Each
/// answer fails closed: a missing, malformed or contradictory claim gives <c>false</c> or null.
/// </summary>
public static class ClaimsPrincipalExtensions
{
    /// <summary>
    /// True when the person is authenticated and NetIdentity verified them: every
    /// <c>netid_result</c> claim (ID token and userinfo) is <c>pass</c>, and there is one.
    /// </summary>
    public static bool IsNetIdVerified(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (!principal.Identities.Any(identity => identity.IsAuthenticated))
        {
            return false;
        }

        var results = principal.FindAll(NetIdentityClaimTypes.Result).ToList();
        return results.Count > 0 && results.All(c => string.Equals(c.Value, NetIdentityDefaults.PassResult, StringComparison.Ordinal));
    }

    /// <summary>When the verification happened (<c>netid_verified_at</c>), or null.</summary>
    public static DateTimeOffset? GetNetIdVerifiedAt(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var values = principal.FindAll(NetIdentityClaimTypes.VerifiedAt).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToList();
        if (values.Count != 1
            || !long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }

        try
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>
    /// The assurance level reached (1–3), from <c>acr</c>; null when it is missing, not a
    /// NetIdentity level, or given twice with different values.
    /// </summary>
    public static int? GetAssuranceLevel(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var values = principal.FindAll(NetIdentityClaimTypes.AuthenticationContext).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToList();
        return values.Count == 1 && AssuranceLevels.TryParse(values[0], out var level) ? level : null;
    }
}
