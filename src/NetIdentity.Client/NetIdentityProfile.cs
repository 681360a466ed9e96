namespace NetIdentity.Client;

/// <summary>
/// How the platform talks to the broker; the same names as the broker's per-platform
/// <c>Profile</c> (docs/platform-integration.md §3b), and the two must agree.
/// </summary>
public enum NetIdentityProfile
{
    /// <summary>
    /// Code flow with PKCE; pushed authorization requests when the broker offers them; a client
    /// secret, or <c>private_key_jwt</c> when a client assertion key is set; DPoP when
    /// <see cref="NetIdentityOptions.UseDpop"/> is set.
    /// </summary>
    Default,

    /// <summary>
    /// The FAPI 2.0 Security Profile: pushed authorization requests required (RFC 9126),
    /// <c>private_key_jwt</c> client authentication (RFC 7523, ES256 or PS256) and DPoP-bound
    /// tokens (RFC 9449). Needs a client assertion key; recommended for every platform.
    /// </summary>
    Fapi2,
}
