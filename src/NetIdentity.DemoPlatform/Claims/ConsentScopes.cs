namespace NetIdentity.DemoPlatform.Claims;

/// <summary>
/// The consent scopes of docs/claims.md (v3) and the claims each one releases: what the forum
/// keeps under a consent, and so what it deletes when that consent is withdrawn (docs/events.md,
/// "Delete what you kept under those scopes").
/// </summary>
internal static class ConsentScopes
{
    public const string Age = "netid.age";

    public const string Masked = "netid.masked";

    public const string Identity = "netid.identity";

    /// <summary>The consent receipts: userinfo, whenever the person consents in a login (any consent scope).</summary>
    public const string ReceiptsClaim = "netid_consent_receipts";

    /// <summary>Scope → the claims it releases.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Claims = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [Age] = ["netid_age_band", "netid_minor", "netid_guardian_sub", "netid_guardian_consented_at"],
        [Masked] = ["netid_masked_name", "netid_masked_id_number"],
        [Identity] = ["netid_name", "netid_id_type", "netid_id_number"],
    };

    /// <summary>
    /// The plaintext identity (<c>netid.identity</c>, separate consent): kept only in the kept-data
    /// store, never in the forum's session cookie.
    /// </summary>
    public static IReadOnlyList<string> PlaintextClaims => Claims[Identity];

    public static bool IsPlaintext(string claimType) => PlaintextClaims.Contains(claimType, StringComparer.Ordinal);

    /// <summary>The claims released under <paramref name="scopes"/>; scopes this page does not know release nothing it keeps.</summary>
    public static IReadOnlyList<string> ClaimsOf(IEnumerable<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        return [.. scopes.SelectMany(scope => Claims.TryGetValue(scope, out var claims) ? claims : []).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The consent scope that releases <paramref name="claimType"/>, or null.</summary>
    public static string? ScopeOf(string claimType) =>
        Claims.FirstOrDefault(pair => pair.Value.Contains(claimType, StringComparer.Ordinal)).Key;
}
