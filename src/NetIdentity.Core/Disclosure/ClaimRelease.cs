namespace NetIdentity.Core.Disclosure;

/// <summary>Where a claim may go.</summary>
[Flags]
public enum ClaimDestinations
{
    /// <summary>Nowhere: the default for every claim (deny by default).</summary>
    None = 0,

    /// <summary>Into the ID token.</summary>
    IdToken = 1,

    /// <summary>Into the userinfo response (carried inside the broker-encrypted access token).</summary>
    UserInfo = 2,
}

/// <summary>
/// The one place that decides which claim reaches which token (PRODUCT rule 1, minimal
/// provision; docs/claims.md). A claim not named here goes nowhere.
/// </summary>
public static class ClaimRelease
{
    public const string Subject = "sub";
    public const string AuthenticationTime = "auth_time";
    public const string AuthenticationContext = "acr";
    public const string AuthenticationMethods = "amr";
    public const string Result = "netid_result";
    public const string VerifiedAt = "netid_verified_at";

    /// <summary>
    /// Where <paramref name="claimType"/> may go for a login granted <paramref name="scopes"/>.
    /// <c>amr</c> goes only to platforms the operator approved (<paramref name="releaseMethods"/>).
    /// </summary>
    public static ClaimDestinations For(string claimType, IReadOnlySet<string> scopes, bool releaseMethods)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        return claimType switch
        {
            Subject => ClaimDestinations.IdToken | ClaimDestinations.UserInfo,
            AuthenticationTime or AuthenticationContext => ClaimDestinations.IdToken,
            AuthenticationMethods when releaseMethods => ClaimDestinations.IdToken,
            Result or VerifiedAt when scopes.Contains("netid") => ClaimDestinations.IdToken | ClaimDestinations.UserInfo,
            _ => ClaimDestinations.None,
        };
    }
}
