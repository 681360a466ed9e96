namespace NetIdentity.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What a platform receives for <c>scope=openid netid</c> (docs/claims.md; the same list as the
/// broker's CodeFlowTests), sorted ordinally.
/// </summary>
internal static class DocumentedClaims
{
    public static readonly IReadOnlyList<string> IdToken =
    [
        "acr", "at_hash", "aud", "auth_time", "azp", "exp", "iat", "iss", "netid_result", "netid_verified_at",
        "nonce", "oi_au_id", "sub",
    ];

    /// <summary>
    /// The demo forum's ID token: the same, with the <c>sid</c> of back-channel logout, for which the
    /// sandbox registers it (docs/events.md, "Back-channel logout").
    /// </summary>
    public static readonly IReadOnlyList<string> ForumIdToken = [.. IdToken.Append("sid").Order(StringComparer.Ordinal)];

    public static readonly IReadOnlyList<string> UserInfo = ["netid_result", "netid_verified_at", "sub", "verified_claims"];
}
