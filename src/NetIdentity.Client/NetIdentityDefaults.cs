namespace NetIdentity.Client;

/// <summary>Names and values shared by the client and the broker (docs/claims.md).</summary>
public static class NetIdentityDefaults
{
    /// <summary>The authentication scheme <c>AddNetIdentity()</c> registers unless told otherwise.</summary>
    public const string AuthenticationScheme = "NetIdentity";

    /// <summary>The scheme's display name.</summary>
    public const string DisplayName = "网号/网证 National network identity";

    /// <summary>The OpenID Connect scope: a login.</summary>
    public const string OpenIdScope = "openid";

    /// <summary>The default release: the verification result and its time.</summary>
    public const string NetIdScope = "netid";

    /// <summary>The prefix of every <c>acr</c> value; the level's digit follows.</summary>
    public const string AcrPrefix = "urn:netidentity:acr:level";

    /// <summary>The lowest assurance level.</summary>
    public const int MinimumAcrLevel = 1;

    /// <summary>The highest assurance level.</summary>
    public const int MaximumAcrLevel = 3;

    /// <summary>The value of <c>netid_result</c> for a verified person.</summary>
    public const string PassResult = "pass";

    /// <summary>How old a broker's SET may be by default, before the clock skew (<see cref="NetIdentityOptions.EventMaxAge"/>).</summary>
    public static readonly TimeSpan EventMaxAge = TimeSpan.FromMinutes(10);
}
