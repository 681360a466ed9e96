using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace NetIdentity.Client;

/// <summary>
/// What a platform tells <c>AddNetIdentity()</c>: where the broker is, who the platform is, and
/// how sure it must be of the person. Every other OpenID Connect setting is fixed by the client
/// (see <c>AddNetIdentity</c>). Bind it from the configuration section
/// <see cref="SectionName"/>, so that environment variables such as
/// <c>NetIdentity__Authority</c> work too.
/// </summary>
public sealed class NetIdentityOptions
{
    /// <summary>The configuration section the samples bind: <c>NetIdentity</c>.</summary>
    public const string SectionName = "NetIdentity";

    /// <summary>
    /// The broker's base URL, its OpenID Connect issuer (e.g. <c>https://netid.example.com</c>; the
    /// sandbox broker is <c>http://127.0.0.1:5100</c>). HTTPS is required unless it is a loopback
    /// address.
    /// </summary>
    public Uri? Authority { get; set; }

    /// <summary>The client id the broker's operator registered for the platform.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>
    /// The client secret that goes with <see cref="ClientId"/>, for a platform registered with a
    /// <c>ClientSecret</c>. Keep it out of source control. Leave it empty when the platform
    /// authenticates with a client assertion key (<c>private_key_jwt</c>).
    /// </summary>
    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>
    /// <see cref="NetIdentityProfile.Fapi2"/> (recommended): pushed authorization requests,
    /// <c>private_key_jwt</c> and DPoP, all required; the broker must register the platform with
    /// <c>"Profile": "Fapi2"</c> too. Default: <see cref="NetIdentityProfile.Default"/>.
    /// </summary>
    public NetIdentityProfile Profile { get; set; } = NetIdentityProfile.Default;

    /// <summary>
    /// A PEM file holding the private key that signs client assertions (<c>private_key_jwt</c>,
    /// RFC 7523): an EC P-256 key (ES256) or an RSA key of 2048 bits or more (PS256), unencrypted
    /// (<c>openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out client-assertion.pem</c>).
    /// Its public half is the platform's registered <c>JsonWebKeySet</c>. Set this, or
    /// <see cref="ClientAssertionJwk"/>, or <see cref="ClientAssertionKey"/>: one of them.
    /// </summary>
    public string? ClientAssertionKeyPath { get; set; }

    /// <summary>
    /// The client assertion key as a private JWK (JSON with <c>d</c>; its <c>kid</c> is used),
    /// e.g. from a secret store. Alternative to <see cref="ClientAssertionKeyPath"/>.
    /// </summary>
    public string? ClientAssertionJwk { get; set; }

    /// <summary>
    /// The <c>kid</c> of the client assertion key as registered in the platform's
    /// <c>JsonWebKeySet</c>, sent in each assertion's header so the broker picks the right key.
    /// </summary>
    public string? ClientAssertionKeyId { get; set; }

    /// <summary>
    /// The client assertion key set in code (an <see cref="ECDsaSecurityKey"/> on P-256, an
    /// <see cref="RsaSecurityKey"/> or a private <see cref="JsonWebKey"/>), instead of
    /// <see cref="ClientAssertionKeyPath"/>; its <see cref="SecurityKey.KeyId"/> is sent as <c>kid</c>.
    /// </summary>
    public SecurityKey? ClientAssertionKey { get; set; }

    /// <summary>
    /// Sends DPoP proofs (RFC 9449) at the token endpoint, so the access and refresh tokens are
    /// bound to the platform's DPoP key, and calls userinfo with <c>Authorization: DPoP</c>.
    /// Always on with <see cref="NetIdentityProfile.Fapi2"/>.
    /// </summary>
    public bool UseDpop { get; set; }

    /// <summary>
    /// A PEM file with the EC P-256 private key that signs DPoP proofs. Unset: each application
    /// instance makes its own key at start-up and keeps it in memory, so the tokens saved in a
    /// session (<c>SaveTokens</c>) are usable only by the instance that logged the person in, and
    /// only until it restarts. Set it (the same file on every instance) when several instances
    /// must use those tokens. Never register this key at the broker.
    /// </summary>
    public string? DpopKeyPath { get; set; }

    /// <summary>The DPoP key set in code (EC P-256), instead of <see cref="DpopKeyPath"/>.</summary>
    public ECDsa? DpopKey { get; set; }

    /// <summary>Whether tokens are requested with DPoP: <see cref="UseDpop"/> or the FAPI 2.0 profile.</summary>
    internal bool DpopEnabled => UseDpop || Profile == NetIdentityProfile.Fapi2;

    /// <summary>Whether any client assertion key is configured.</summary>
    internal bool HasClientAssertionKey =>
        ClientAssertionKey is not null || !string.IsNullOrWhiteSpace(ClientAssertionKeyPath) || !string.IsNullOrWhiteSpace(ClientAssertionJwk);

    /// <summary>
    /// The least assurance level (1–3) every login must reach, sent as <c>acr_values</c>
    /// (<c>urn:netidentity:acr:level{n}</c>, docs/claims.md) and checked in the ID token.
    /// 1: one possession factor; 2: plus a knowledge factor; 3: plus a face check. Default 1.
    /// </summary>
    public int AcrLevel { get; set; } = NetIdentityDefaults.MinimumAcrLevel;

    /// <summary>
    /// The language of the broker's pages, sent as <c>ui_locales</c> (OIDC Core §3.1.2.1): one or
    /// more BCP 47 tags separated by spaces, e.g. <c>zh-CN</c> or <c>en</c>. Unset: the broker's
    /// default (Chinese).
    /// </summary>
    public string? UiLocale { get; set; }

    /// <summary>
    /// How old a Security Event Token from the broker may be, by its <c>iat</c>, to be acted on
    /// (plus two minutes of clock skew). The broker signs every delivery of an event afresh, a
    /// retry days later included, so an older SET is a replay and is refused with
    /// <c>invalid_request</c> (docs/events.md, "SSF streams"). Default ten minutes; between one
    /// minute and one day. The deduplicator remembers each <c>jti</c> longer than this.
    /// </summary>
    public TimeSpan EventMaxAge { get; set; } = NetIdentityDefaults.EventMaxAge;

    /// <summary>
    /// Scopes to ask for besides <c>openid</c> and <c>netid</c>, which are always requested. Each
    /// must be registered for the platform at the broker.
    /// </summary>
    public IList<string> Scopes { get; } = [];

    /// <summary>
    /// Switches to the FAPI 2.0 profile (PAR, <c>private_key_jwt</c>, DPoP) with
    /// <paramref name="clientAssertionKey"/> signing the client assertions.
    /// </summary>
    /// <param name="clientAssertionKey">The private key whose public half the platform registered, with its <see cref="SecurityKey.KeyId"/>.</param>
    /// <returns>These options.</returns>
    public NetIdentityOptions UseFapi2(SecurityKey clientAssertionKey)
    {
        ArgumentNullException.ThrowIfNull(clientAssertionKey);
        Profile = NetIdentityProfile.Fapi2;
        ClientAssertionKey = clientAssertionKey;
        ClientSecret = string.Empty;
        return this;
    }

    /// <summary>Switches to the FAPI 2.0 profile with an EC P-256 client assertion key named <paramref name="keyId"/>.</summary>
    /// <param name="clientAssertionKey">The EC P-256 private key (ES256).</param>
    /// <param name="keyId">Its <c>kid</c> in the platform's registered <c>JsonWebKeySet</c>.</param>
    /// <returns>These options.</returns>
    public NetIdentityOptions UseFapi2(ECDsa clientAssertionKey, string keyId) =>
        UseFapi2(new ECDsaSecurityKey(clientAssertionKey) { KeyId = keyId });
}
