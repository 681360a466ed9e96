using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetIdentity.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Adds login through NetIdentity to an ASP.NET Core application:
/// <code>
/// services.AddAuthentication(options =>
///     {
///         options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
///         options.DefaultChallengeScheme = NetIdentityDefaults.AuthenticationScheme;
///     })
///     .AddCookie()
///     .AddNetIdentity(options => configuration.GetSection(NetIdentityOptions.SectionName).Bind(options));
/// </code>
/// </summary>
public static class NetIdentityAuthenticationBuilderExtensions
{
    /// <summary>Adds the <see cref="NetIdentityDefaults.AuthenticationScheme"/> scheme.</summary>
    public static AuthenticationBuilder AddNetIdentity(this AuthenticationBuilder builder, Action<NetIdentityOptions> configure)
        => builder.AddNetIdentity(NetIdentityDefaults.AuthenticationScheme, NetIdentityDefaults.DisplayName, configure);

    /// <summary>Adds a NetIdentity scheme named <paramref name="authenticationScheme"/>.</summary>
    public static AuthenticationBuilder AddNetIdentity(this AuthenticationBuilder builder, string authenticationScheme, Action<NetIdentityOptions> configure)
        => builder.AddNetIdentity(authenticationScheme, NetIdentityDefaults.DisplayName, configure);

    /// <summary>
    /// Adds a NetIdentity scheme: ASP.NET Core's OpenID Connect handler with the broker's strict
    /// defaults (code flow with PKCE, pushed authorization requests when offered, scopes
    /// <c>openid netid</c>, claims kept as sent, userinfo fetched, tokens saved) and a check that
    /// the ID token reaches the requested assurance level. <see cref="NetIdentityOptions"/> are
    /// validated at start-up.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name, also the name of its options.</param>
    /// <param name="displayName">The scheme's display name.</param>
    /// <param name="configure">Sets the <see cref="NetIdentityOptions"/>; runs when the options are first needed.</param>
    public static AuthenticationBuilder AddNetIdentity(
        this AuthenticationBuilder builder, string authenticationScheme, string? displayName, Action<NetIdentityOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(authenticationScheme);
        ArgumentNullException.ThrowIfNull(configure);

        var services = builder.Services;
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NetIdentityOptions>, NetIdentityOptionsValidator>());
        services.AddOptions<NetIdentityOptions>(authenticationScheme).Configure(configure).ValidateOnStart();

        // For MapNetIdentityEvents / MapNetIdentityBackChannelLogout; a platform with several instances replaces it.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<INetIdentityEventDeduplicator, InMemoryNetIdentityEventDeduplicator>();
        if (authenticationScheme == NetIdentityDefaults.AuthenticationScheme)
        {
            // The SSF stream client of the default scheme; for another, new NetIdentitySsfClient(services, scheme).
            services.TryAddSingleton(provider => new NetIdentitySsfClient(provider));
        }

        // Defaults first, so the application's own Configure<OpenIdConnectOptions> runs after them;
        // the protocol rules last, wrapping whatever events the application set.
        services.AddOptions<OpenIdConnectOptions>(authenticationScheme)
            .Configure<IOptionsMonitor<NetIdentityOptions>>((oidc, netid) =>
                NetIdentityOpenIdConnectDefaults.Apply(oidc, netid.Get(authenticationScheme)))
            .PostConfigure<IOptionsMonitor<NetIdentityOptions>, ILoggerFactory>((oidc, netid, loggers) =>
            {
                var options = netid.Get(authenticationScheme);
                NetIdentityEvents.Attach(oidc, options, authenticationScheme);
                AttachClientAuthentication(oidc, options, authenticationScheme, loggers);
            });

        return builder.AddOpenIdConnect(authenticationScheme, displayName, _ => { });
    }

    /// <summary>
    /// <c>private_key_jwt</c> and DPoP, when configured: the events that authenticate with a client
    /// assertion, and the back-channel handler that adds DPoP proofs. The keys are read once here,
    /// for the life of the application (the DPoP key, unless configured, is made here).
    /// </summary>
    private static void AttachClientAuthentication(OpenIdConnectOptions oidc, NetIdentityOptions netid, string scheme, ILoggerFactory loggers)
    {
        var time = TimeProvider.System;
        var credentials = ClientKeys.AssertionCredentials(netid);
        var assertions = credentials is null ? null : new ClientAssertions(netid.ClientId, credentials, time);
        var dpop = netid.DpopEnabled ? new DpopProofs(ClientKeys.DpopKey(netid), time) : null;
        NetIdentityFapiEvents.Attach(oidc, assertions, dpop);
        if (dpop is null)
        {
            return;
        }

        // The handler's own post-configuration builds the Backchannel from BackchannelHttpHandler
        // after this runs; a Backchannel set by the application would bypass DPoP.
        if (oidc.Backchannel is not null)
        {
            throw new InvalidOperationException(
                $"The NetIdentity scheme '{scheme}' uses DPoP, but OpenIdConnectOptions.Backchannel is set, which would send token " +
                "requests without DPoP proofs. Set OpenIdConnectOptions.BackchannelHttpHandler instead; the client wraps it.");
        }

        oidc.BackchannelHttpHandler = new DpopHandler(dpop, assertions, loggers.CreateLogger(typeof(DpopHandler).FullName!))
        {
            InnerHandler = oidc.BackchannelHttpHandler ?? new HttpClientHandler(),
        };
    }
}
