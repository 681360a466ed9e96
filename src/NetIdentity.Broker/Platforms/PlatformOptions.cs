namespace NetIdentity.Broker.Platforms;

/// <summary>
/// A platform (OIDC client) as declared in configuration, section <c>Platforms</c> (a list).
/// Synced to the OpenIddict store at start-up: configuration is the source of truth.
/// See docs/platform-integration.md for a complete example.
/// </summary>
public sealed class PlatformOptions
{
    public string ClientId { get; set; } = string.Empty;

    /// <summary>A client secret for <c>client_secret_basic</c>/<c>client_secret_post</c>; omit when using keys.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Public keys for <c>private_key_jwt</c> (RFC 7523), as a JWKS JSON document.</summary>
    public string? JsonWebKeySet { get; set; }

    public LocalizedName DisplayName { get; set; } = new();

    /// <summary>Exact redirect URIs (no wildcards, no prefix matching).</summary>
    public IList<Uri> RedirectUris { get; } = [];

    public IList<Uri> PostLogoutRedirectUris { get; } = [];

    /// <summary>
    /// The sector identifier the pairwise <c>sub</c> is computed for (OIDC Core §8.1). Platforms
    /// that share one sector share subjects; defaults to the host of the first redirect URI.
    /// </summary>
    public string? SectorIdentifier { get; set; }

    /// <summary>The scopes the platform may request; <c>openid</c> and <c>netid</c> at least.</summary>
    public IList<string> Scopes { get; } = [];

    /// <summary>The least assurance level (1–3) every login for this platform reaches.</summary>
    public int MinimumAssuranceLevel { get; set; } = 1;

    /// <summary>
    /// The 网号/网证 mode to use (R01–R04) when it is at least as strong as the level asked for;
    /// e.g. R04 (网证 + 口令 + 人脸) for a platform that wants every factor. Empty: the least
    /// mode that reaches the level.
    /// </summary>
    public string? PreferredMode { get; set; }

    /// <summary>Require pushed authorization requests (RFC 9126) for this platform.</summary>
    public bool RequirePushedAuthorization { get; set; }

    /// <summary>
    /// The security profile the platform is held to: <see cref="PlatformProfile.Default"/>, or
    /// <see cref="PlatformProfile.Fapi2"/> (FAPI 2.0 Security Profile: PAR, <c>private_key_jwt</c>
    /// only, DPoP-bound tokens; docs/platform-integration.md §FAPI 2.0, recommended).
    /// </summary>
    public PlatformProfile Profile { get; set; } = PlatformProfile.Default;

    /// <summary>Whether the platform is held to the FAPI 2.0 Security Profile.</summary>
    public bool IsFapi2 => Profile == PlatformProfile.Fapi2;

    /// <summary>Pushed authorization requests are required: asked for, or implied by FAPI 2.0 (§5.3.1.2).</summary>
    public bool RequiresPushedAuthorization => RequirePushedAuthorization || IsFapi2;

    /// <summary>Release <c>amr</c> (the method). Withheld unless the operator approves the platform.</summary>
    public bool ReleaseAuthenticationMethods { get; set; }

    /// <summary>
    /// Where the broker pushes security events (RFC 8935), such as a consent withdrawal the
    /// platform must act on by deleting data (docs/events.md). HTTPS unless on loopback. Unset:
    /// no events are sent.
    /// </summary>
    public Uri? BackChannelEventUri { get; set; }

    /// <summary>
    /// Further endpoints an SSF push stream of the platform may deliver to (docs/events.md, "SSF
    /// streams"). A push stream's <c>endpoint_url</c> must be <see cref="BackChannelEventUri"/> or
    /// one of these, exactly: the broker POSTs only where the operator registered, never to an
    /// address a platform names at run time (SSRF). Same rules as <see cref="BackChannelEventUri"/>.
    /// </summary>
    public IList<Uri> SsfPushEndpoints { get; } = [];

    /// <summary>The push endpoints an SSF stream of this platform may use: <see cref="BackChannelEventUri"/> and <see cref="SsfPushEndpoints"/>.</summary>
    public IEnumerable<Uri> AllowedPushEndpoints =>
        BackChannelEventUri is { } registered ? SsfPushEndpoints.Prepend(registered) : SsfPushEndpoints;

    /// <summary>
    /// The platform's <c>backchannel_logout_uri</c> (OpenID Connect Back-Channel Logout 1.0 §2.2):
    /// where the broker POSTs a logout token when the person signs out of every platform on
    /// <c>/my</c> or withdraws everything from this one (docs/events.md). HTTPS outside
    /// Development. Set, ID tokens carry a <c>sid</c>; unset, no <c>sid</c> and no logout tokens.
    /// </summary>
    public Uri? BackChannelLogoutUri { get; set; }

    /// <summary>
    /// <c>backchannel_logout_session_required</c> (§2.2): every logout token must name a <c>sid</c>.
    /// The broker then sends none that would name only the <c>sub</c>. Needs <see cref="BackChannelLogoutUri"/>.
    /// </summary>
    public bool BackChannelLogoutSessionRequired { get; set; }

    /// <summary>Why the platform processes what it asks for, shown on consent screens.</summary>
    public LocalizedName Purpose { get; set; } = new();

    /// <summary>
    /// The law that obliges the platform to obtain and keep identity details, e.g. "《网络安全法》
    /// 第二十四条". Required for <c>netid.identity</c> (PRODUCT rule 2); shown on the separate
    /// consent screen.
    /// </summary>
    public LocalizedName? LegalBasis { get; set; }

    /// <summary>How long the platform keeps identity details, shown on the separate consent screen.</summary>
    public LocalizedName? Retention { get; set; }

    /// <summary>Whether the platform is registered with a legal basis for plaintext identity.</summary>
    public bool HasLegalBasis => LegalBasis is { Zh.Length: > 0, En.Length: > 0 } && Retention is { Zh.Length: > 0, En.Length: > 0 };

    /// <summary>The version of everything a consent screen shows about this platform's use.</summary>
    public string PurposeVersion => Core.Consent.PurposeVersion.Compute(
        Purpose.Zh, Purpose.En, string.Join(' ', Scopes.Order(StringComparer.Ordinal)), LegalBasis?.Zh, LegalBasis?.En, Retention?.Zh, Retention?.En);

    /// <summary>The sector identifier actually used.</summary>
    public string EffectiveSector =>
        string.IsNullOrWhiteSpace(SectorIdentifier) ? RedirectUris.FirstOrDefault()?.Host ?? ClientId : SectorIdentifier;
}

/// <summary>The security profile a platform is held to (issue 9 §6).</summary>
public enum PlatformProfile
{
    /// <summary>Code flow with PKCE, any registered client authentication, DPoP if the platform uses it.</summary>
    Default,

    /// <summary>
    /// The FAPI 2.0 Security Profile: PAR required, <c>private_key_jwt</c> (ES256/PS256) only,
    /// DPoP-bound access and refresh tokens required.
    /// </summary>
    Fapi2,
}

/// <summary>A text in Chinese and English.</summary>
public sealed class LocalizedName
{
    public string Zh { get; set; } = string.Empty;

    public string En { get; set; } = string.Empty;

    /// <summary>The text for the current UI culture: Chinese unless English is chosen.</summary>
    public string Current => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" && En.Length > 0 ? En : Zh;
}
