namespace NetIdentity.Core.Errors;

/// <summary>
/// Errors in a platform's authorization request that NetIdentity names with its own code (the
/// standard ones, such as a missing PKCE challenge, come from OpenIddict). A platform bug, not
/// something the person did: the person never sees a page for these.
/// </summary>
public sealed record RequestError(string Code, string OAuthError, string Description)
{
    public string OAuthDescription => $"{Code}: {Description}";
}

public static class RequestErrors
{
    public static readonly RequestError IdentityWithoutLegalBasis = new(
        "NI2001",
        "invalid_scope",
        "The scope 'netid.identity' is only for platforms registered with a legal basis for plaintext identity (PIPL Art. 13, 29); this platform has none.");

    public static readonly RequestError OpenIdScopeMissing = new(
        "NI2002",
        "invalid_scope",
        "The scope 'openid' is required: NetIdentity answers OpenID Connect authentication requests only (OpenID Connect Core 1.0 §3.1.2.1).");

    public static readonly RequestError ClaimsParameterMalformed = new(
        "NI2010",
        "invalid_request",
        "The 'claims' parameter is not a JSON object as OpenID Connect Core 1.0 §5.5 describes, or a 'verified_claims' request in it is not as OpenID Connect for Identity Assurance 1.0 §5 describes.");

    public static readonly IReadOnlyList<RequestError> All = [IdentityWithoutLegalBasis, OpenIdScopeMissing, ClaimsParameterMalformed];
}
