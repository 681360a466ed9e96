namespace NetIdentity.Client;

/// <summary>
/// The claims NetIdentity releases under <c>openid netid</c>, by their JWT names: the client
/// keeps them as they are (no mapping to long .NET claim types).
/// </summary>
public static class NetIdentityClaimTypes
{
    /// <summary>The pairwise subject: one person, this platform only (OIDC Core §8.1).</summary>
    public const string Subject = "sub";

    /// <summary>When the person authenticated, seconds since the epoch.</summary>
    public const string AuthenticationTime = "auth_time";

    /// <summary>The assurance level reached, <c>urn:netidentity:acr:level1</c>–<c>3</c>.</summary>
    public const string AuthenticationContext = "acr";

    /// <summary>The verification result: <c>pass</c>.</summary>
    public const string Result = "netid_result";

    /// <summary>When the verification happened, seconds since the epoch.</summary>
    public const string VerifiedAt = "netid_verified_at";
}
