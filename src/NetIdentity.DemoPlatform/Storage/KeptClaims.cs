using System.Security.Claims;
using System.Text.Json;

namespace NetIdentity.DemoPlatform.Storage;

/// <summary>
/// Which received claims the forum keeps after a login: every NetIdentity claim (<c>netid_…</c>)
/// except the verification result and its time, which are only shown, never stored: the
/// consent-based claims (age band and guardian claims, masked identity, plaintext identity under
/// separate consent), the minor flag and the consent receipts, as they arrive. A consent
/// withdrawal event deletes what was kept under the withdrawn scopes.
/// </summary>
internal static class KeptClaims
{
    private const string Prefix = "netid_";

    private static readonly HashSet<string> NotKept = new(StringComparer.Ordinal) { "netid_result", "netid_verified_at" };

    public static bool IsKept(string claimType) =>
        claimType.StartsWith(Prefix, StringComparison.Ordinal) && !NotKept.Contains(claimType);

    /// <summary>The claims to keep from the ID token's claims and the userinfo answer (which wins).</summary>
    public static IReadOnlyDictionary<string, string> Select(IEnumerable<Claim> idTokenClaims, JsonElement userInfo)
    {
        ArgumentNullException.ThrowIfNull(idTokenClaims);
        var kept = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var claim in idTokenClaims.Where(c => IsKept(c.Type)))
        {
            kept[claim.Type] = claim.Value;
        }

        if (userInfo.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in userInfo.EnumerateObject().Where(p => IsKept(p.Name)))
            {
                kept[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        return kept;
    }
}
