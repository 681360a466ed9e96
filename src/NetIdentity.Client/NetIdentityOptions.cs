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

    /// <summary>The client secret that goes with <see cref="ClientId"/>. Keep it out of source control.</summary>
    public string ClientSecret { get; set; } = string.Empty;

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
    /// Scopes to ask for besides <c>openid</c> and <c>netid</c>, which are always requested. Each
    /// must be registered for the platform at the broker.
    /// </summary>
    public IList<string> Scopes { get; } = [];
}
