using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.WebEncoders;
using NetIdentity.Client;
using NetIdentity.DemoPlatform.Claims;
using NetIdentity.DemoPlatform.Events;
using NetIdentity.DemoPlatform.Storage;

namespace NetIdentity.DemoPlatform.Hosting;

/// <summary>What the forum is made of. Each line is one capability.</summary>
internal static class ServiceConfiguration
{
    public static WebApplicationBuilder ConfigureServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        // The forum's own session is a cookie; logging in is NetIdentity's job. A page that needs a
        // login sends the browser to /login, which starts the NetIdentity challenge.
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "demo-forum.session";
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.LoginPath = "/login";
                options.AccessDeniedPath = "/login-failed";
                options.Events.OnValidatePrincipal = async context =>
                {
                    await LoginEvents.ScrubSessionAsync(context);
                    await EndedSessions.SignOutIfEndedAsync(context);
                };
            })
            .AddNetIdentity(options => configuration.GetSection(NetIdentityOptions.SectionName).Bind(options));

        var development = builder.Environment.IsDevelopment();
        services.Configure<OpenIdConnectOptions>(NetIdentityDefaults.AuthenticationScheme, options =>
        {
            LoginEvents.Attach(options);

            // The plaintext identity never becomes a claim of the session's principal, whatever
            // claim mapping comes along: only the kept-data store holds it (LoginEvents keeps it
            // from the userinfo answer itself).
            options.ClaimActions.DeleteClaims([.. ConsentScopes.PlaintextClaims]);
            if (development)
            {
                // The sandbox serves the forum over plain HTTP on 127.0.0.1; elsewhere the
                // correlation and nonce cookies stay Secure-only.
                options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            }
        });

        services.AddAuthorization();
        services.AddRazorPages(options => options.Conventions.AuthorizePage("/Me"));
        services.AddHealthChecks();

        // What the forum keeps per person, and the back channel that tells it to delete it (docs/events.md).
        services.AddSingleton(configuration.GetSection(DemoPlatformOptions.SectionName).Get<DemoPlatformOptions>() ?? new DemoPlatformOptions());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<KeptDataStore>();
        services.AddSingleton<ReceivedEventStore>();
        services.AddSingleton<ConsentWithdrawalHandler>();

        // Back-channel logout (OpenID Connect Back-Channel Logout 1.0): the broker signs people out here.
        services.AddSingleton<EndedSessions>();

        // NetIdentity.Client receives, verifies and deduplicates both; the forum only acts on them.
        services.AddSingleton<INetIdentityBackChannelHandler, ForumBackChannelHandler>();

        // The events arrive on the forum's SSF push stream (docs/events.md, "SSF streams") when its
        // endpoint is configured (the sandbox does): NetIdentity.Client creates or adopts the stream
        // at start-up, in the background, and asks for a verification event.
        var stream = configuration.GetSection(NetIdentityEventStreamOptions.SectionName);
        if (stream.GetValue<Uri?>(nameof(NetIdentityEventStreamOptions.Endpoint)) is not null)
        {
            services.AddNetIdentityEventStream(options => stream.Bind(options));
        }

        // The pages are Chinese first: write the text as is rather than as character references.
        services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return builder;
    }
}
