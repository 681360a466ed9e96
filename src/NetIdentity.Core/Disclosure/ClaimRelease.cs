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

    /// <summary><c>netid.age</c>: <c>under_14</c>, <c>14_17</c> or <c>adult</c>. Never a birth date.</summary>
    public const string AgeBand = "netid_age_band";

    /// <summary>
    /// <c>true</c> under 18, so the platform switches on its minors' mode (未成年人网络保护条例
    /// Art. 43–44). Part of the default release whenever the person is a minor, because the
    /// platform is obliged to know (docs/minors.md); <c>false</c> only under <c>netid.age</c>.
    /// </summary>
    public const string Minor = "netid_minor";

    /// <summary><c>netid.age</c>, under 14: the guardian's pairwise subject for this platform.</summary>
    public const string GuardianSubject = "netid_guardian_sub";

    /// <summary><c>netid.age</c>, under 14: when the guardian consented (NumericDate).</summary>
    public const string GuardianConsentedAt = "netid_guardian_consented_at";

    /// <summary><c>netid.age_over_14</c>: <c>true</c> from the day after the 14th birthday (周岁), else <c>false</c>. Never a birth date.</summary>
    public const string AgeOver14 = "age_over_14";

    /// <summary><c>netid.age_over_18</c>: <c>true</c> from the day after the 18th birthday (周岁), else <c>false</c>. Never a birth date.</summary>
    public const string AgeOver18 = "age_over_18";

    /// <summary>
    /// The login's session id at this platform (OpenID Connect Back-Channel Logout 1.0 §2.1), only
    /// for a platform registered for back-channel logout: random per login, so it links nothing
    /// across platforms or logins; the logout token names it again.
    /// </summary>
    public const string SessionId = "sid";

    /// <summary><c>netid.masked</c>: the surname followed by one * per other character.</summary>
    public const string MaskedName = "netid_masked_name";

    /// <summary><c>netid.masked</c>: first and last characters, * between.</summary>
    public const string MaskedIdNumber = "netid_masked_id_number";

    /// <summary><c>netid.identity</c>, userinfo only, once: the plaintext name.</summary>
    public const string Name = "netid_name";

    /// <summary><c>netid.identity</c>, userinfo only, once: the ID type (<c>resident_id</c>).</summary>
    public const string IdType = "netid_id_type";

    /// <summary><c>netid.identity</c>, userinfo only, once: the ID number.</summary>
    public const string IdNumber = "netid_id_number";

    /// <summary>Signed consent receipts (JWTs) of the consents given in this login, userinfo only.</summary>
    public const string ConsentReceipts = "netid_consent_receipts";

    /// <summary>
    /// Internal: which sealed identity delivery the access token may collect. Rides only inside
    /// the broker-encrypted access token; userinfo never echoes it.
    /// </summary>
    public const string Delivery = "netid_delivery";

    /// <summary>
    /// Where <paramref name="claimType"/> may go for a login granted <paramref name="scopes"/>.
    /// <c>amr</c> goes only to platforms the operator approved (<paramref name="releaseMethods"/>).
    /// The consent-bearing claims are only ever put on a principal after the consent was given;
    /// the scope check here is the second lock.
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
            Minor when scopes.Contains("netid") => ClaimDestinations.IdToken | ClaimDestinations.UserInfo,
            AgeBand or GuardianSubject or GuardianConsentedAt when scopes.Contains(Consent.ConsentScopes.Age) => ClaimDestinations.IdToken | ClaimDestinations.UserInfo,
            AgeOver14 when scopes.Contains(Consent.ConsentScopes.AgeOver14) => ClaimDestinations.IdToken | ClaimDestinations.UserInfo,
            AgeOver18 when scopes.Contains(Consent.ConsentScopes.AgeOver18) => ClaimDestinations.IdToken | ClaimDestinations.UserInfo,

            // Only ever put on the principal for a platform registered for back-channel logout.
            SessionId => ClaimDestinations.IdToken,
            MaskedName or MaskedIdNumber when scopes.Contains(Consent.ConsentScopes.Masked) => ClaimDestinations.IdToken | ClaimDestinations.UserInfo,

            // Plaintext never enters a token: only the reference to its sealed, single-use delivery
            // does, and only the access token (PRODUCT rule 2: userinfo only, never the ID token).
            Delivery when scopes.Contains(Consent.ConsentScopes.Identity) => ClaimDestinations.UserInfo,
            ConsentReceipts => ClaimDestinations.UserInfo,

            // OpenID Connect for Identity Assurance 1.0: in the ID token only when the platform
            // asked with the claims parameter (the principal carries it only then); its userinfo
            // statement rides in the access token and is completed at userinfo (docs/claims.md).
            VerifiedClaims.ClaimType when scopes.Contains("netid") => ClaimDestinations.IdToken,
            VerifiedClaims.UserInfoBasis when scopes.Contains("netid") => ClaimDestinations.UserInfo,
            _ => ClaimDestinations.None,
        };
    }
}
