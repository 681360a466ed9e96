namespace NetIdentity.Broker.IntegrationTests.Consent;

/// <summary>What docs/claims.md says a platform receives, claim by claim.</summary>
internal static class Released
{
    /// <summary>The ID token of <c>openid netid</c>: the default release and OIDC Core's protocol claims (as in Flows/CodeFlowTests).</summary>
    public static readonly string[] DefaultIdToken =
    [
        "acr", "at_hash", "aud", "auth_time", "azp", "exp", "iat", "iss", "netid_result", "netid_verified_at",
        "nonce", "oi_au_id", "sub",
    ];

    /// <summary>Userinfo of <c>openid netid</c>.</summary>
    public static readonly string[] DefaultUserInfo = ["netid_result", "netid_verified_at", "sub", "verified_claims"];

    /// <summary>The claims of <c>netid.identity</c>: userinfo only, once.</summary>
    public static readonly string[] Plaintext = ["netid_id_number", "netid_id_type", "netid_name"];

    /// <summary>The claims of <c>netid.masked</c>.</summary>
    public static readonly string[] Masked = ["netid_masked_id_number", "netid_masked_name"];

    /// <summary><paramref name="extra"/> added to <paramref name="baseline"/>, sorted as the tests compare them.</summary>
    public static IReadOnlyList<string> With(IEnumerable<string> baseline, params string[] extra) =>
        [.. baseline.Concat(extra).Order(StringComparer.Ordinal)];
}
