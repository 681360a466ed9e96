using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace NetIdentity.Client;

/// <summary>
/// The two protocol rules the client adds to ASP.NET Core's handler: ask for the assurance level
/// (<c>acr_values</c>, <c>ui_locales</c>) and, after the token response, refuse an ID token below
/// it. They wrap whatever handlers the application set, after all its configuration ran, so an
/// application that sets <c>Events.OnTokenValidated</c> cannot switch the check off by accident.
/// </summary>
internal static class NetIdentityEvents
{
    public static void Attach(OpenIdConnectOptions oidc, NetIdentityOptions netid, string scheme)
    {
        if (oidc.EventsType is not null)
        {
            throw new InvalidOperationException(
                $"The NetIdentity scheme '{scheme}' sets OpenIdConnectOptions.EventsType, which would replace the client's assurance " +
                "check. Set handlers on options.Events instead (Configure<OpenIdConnectOptions>); the client wraps them.");
        }

        var events = oidc.Events;
        var redirect = events.OnRedirectToIdentityProvider;
        events.OnRedirectToIdentityProvider = async context =>
        {
            RequestAssurance(context, netid);
            await redirect(context);
        };

        var validated = events.OnTokenValidated;
        events.OnTokenValidated = async context =>
        {
            CheckAssurance(context, netid);
            if (context.Result is null)
            {
                await validated(context);
            }
        };
    }

    /// <summary>Sends the level (the configured one, or higher when the challenge asked) and the UI locale.</summary>
    internal static void RequestAssurance(RedirectContext context, NetIdentityOptions netid)
    {
        var level = Math.Max(netid.AcrLevel, context.Properties.GetNetIdAcrLevel() ?? NetIdentityDefaults.MinimumAcrLevel);

        // Kept in the protected state, so the check below compares with what was asked.
        context.Properties.Items[AuthenticationPropertiesExtensions.AcrLevelKey] = level.ToString(CultureInfo.InvariantCulture);
        context.ProtocolMessage.AcrValues = AssuranceLevels.ToAcr(level);

        var locale = context.Properties.GetNetIdUiLocale() ?? netid.UiLocale;
        if (!string.IsNullOrWhiteSpace(locale))
        {
            context.ProtocolMessage.UiLocales = locale;
        }
    }

    /// <summary>
    /// <c>acr_values</c> is a voluntary request (OIDC Core §5.5.1.1): the provider may answer with
    /// less, so the relying party must compare the ID token's <c>acr</c> with what it asked.
    /// </summary>
    internal static void CheckAssurance(TokenValidatedContext context, NetIdentityOptions netid)
    {
        var required = context.Properties?.GetNetIdAcrLevel() ?? netid.AcrLevel;
        var reason = AssuranceCheck.Evaluate(context.Principal, Math.Max(required, netid.AcrLevel));
        if (reason is null)
        {
            return;
        }

        var logger = context.HttpContext.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger(typeof(NetIdentityEvents).FullName!)
            ?? NullLogger.Instance;
        Log.LoginRefused(logger, context.Scheme.Name, reason);

        var failure = new AuthenticationFailureException(reason);
        failure.Data["error"] = NetIdentityLoginFailure.InsufficientAssuranceError;
        failure.Data["error_description"] = reason;
        context.Fail(failure);
    }
}
