using System.Globalization;
using Microsoft.AspNetCore.Authentication;

namespace NetIdentity.Client;

/// <summary>
/// Per-login requests, set on the <see cref="AuthenticationProperties"/> of a challenge, e.g. a
/// higher assurance level before a sensitive action:
/// <code>
/// var properties = new AuthenticationProperties { RedirectUri = "/post" };
/// properties.SetNetIdAcrLevel(3);
/// return Challenge(properties, NetIdentityDefaults.AuthenticationScheme);
/// </code>
/// The values travel inside the protected <c>state</c>, so the check after the token response
/// uses what was asked, not what comes back.
/// </summary>
public static class AuthenticationPropertiesExtensions
{
    /// <summary>Where the requested level is kept in <see cref="AuthenticationProperties.Items"/>.</summary>
    internal const string AcrLevelKey = ".netid.acr_level";

    /// <summary>Where the requested UI locale is kept in <see cref="AuthenticationProperties.Items"/>.</summary>
    internal const string UiLocaleKey = ".netid.ui_locale";

    /// <summary>
    /// Asks for at least assurance <paramref name="level"/> (1–3) for this login. The configured
    /// <see cref="NetIdentityOptions.AcrLevel"/> still applies when it is higher.
    /// </summary>
    public static AuthenticationProperties SetNetIdAcrLevel(this AuthenticationProperties properties, int level)
    {
        ArgumentNullException.ThrowIfNull(properties);
        _ = AssuranceLevels.ToAcr(level); // throws for a level outside 1–3
        properties.Items[AcrLevelKey] = level.ToString(CultureInfo.InvariantCulture);
        return properties;
    }

    /// <summary>The level asked for with <see cref="SetNetIdAcrLevel"/> (or by the client), if any.</summary>
    public static int? GetNetIdAcrLevel(this AuthenticationProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return properties.Items.TryGetValue(AcrLevelKey, out var value)
            && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var level)
            && level is >= NetIdentityDefaults.MinimumAcrLevel and <= NetIdentityDefaults.MaximumAcrLevel
            ? level
            : null;
    }

    /// <summary>Shows the broker's pages in <paramref name="uiLocale"/> (e.g. <c>en</c>) for this login.</summary>
    public static AuthenticationProperties SetNetIdUiLocale(this AuthenticationProperties properties, string uiLocale)
    {
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentException.ThrowIfNullOrWhiteSpace(uiLocale);
        properties.Items[UiLocaleKey] = uiLocale;
        return properties;
    }

    /// <summary>The UI locale asked for with <see cref="SetNetIdUiLocale"/>, if any.</summary>
    public static string? GetNetIdUiLocale(this AuthenticationProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return properties.Items.TryGetValue(UiLocaleKey, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
    }
}
