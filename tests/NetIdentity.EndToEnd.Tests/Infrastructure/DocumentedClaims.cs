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
        "nonce", "oi_au_id", "oi_tkn_id", "sub",
    ];

    public static readonly IReadOnlyList<string> UserInfo = ["netid_result", "netid_verified_at", "sub", "verified_claims"];
}
