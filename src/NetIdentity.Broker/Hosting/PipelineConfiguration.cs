using NetIdentity.Broker.Consent;
using NetIdentity.Broker.Keys;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Oidc;
using NetIdentity.Broker.Ssf;
using NetIdentity.Broker.Telemetry;

namespace NetIdentity.Broker.Hosting;

/// <summary>How a request travels through the broker.</summary>
public static class PipelineConfiguration
{
    public static WebApplication ConfigurePipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // First: everything after it (limits, scheme, issuer) sees the client behind a trusted proxy.
        app.UseForwardedHeaders();
        // Then the browser security headers, so that every response, an error page too, carries them.
        app.UseSecurityHeaders();
        // A clean page with NI1601 for a request that failed inside the broker, in Development
        // too: a person is never shown a stack trace or an empty 500 (the log has the details).
        app.UseUnexpectedFailurePage();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseRequestLocalization();
        app.UseLanguageChoice();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseSharedRateLimits();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapMethods("/" + OidcServerRegistration.AuthorizationPath, [HttpMethods.Get, HttpMethods.Post], (Delegate)AuthorizationEndpoint.HandleAsync);
        app.MapMethods("/" + OidcServerRegistration.UserInfoPath, [HttpMethods.Get, HttpMethods.Post], (Delegate)UserInfoEndpoint.HandleAsync);
        app.MapMethods("/" + OidcServerRegistration.EndSessionPath, [HttpMethods.Get, HttpMethods.Post], (Delegate)EndSessionEndpoint.HandleAsync);
        app.MapLoginEndpoints();
        app.MapNetIdReturnEndpoints();
        app.MapMyAuthorizations();
        app.MapKeyArchive();
        app.MapSharedSignals();
        app.MapRazorPages();
        app.MapBrokerTelemetry();
        return app;
    }
}
