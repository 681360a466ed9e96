using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using NetIdentity.MockAuthority.Faults;
using NetIdentity.MockAuthority.Guardianships;
using NetIdentity.MockAuthority.Identity;
using NetIdentity.MockAuthority.Keys;
using NetIdentity.MockAuthority.Organisations;
using NetIdentity.MockAuthority.Personas;
using NetIdentity.MockAuthority.Protocol;
using NetIdentity.MockAuthority.Realname;
using NetIdentity.MockAuthority.Sessions;
using NetIdentity.MockAuthority.Tester;

namespace NetIdentity.MockAuthority.Hosting;

/// <summary>The services and the pipeline of the mock authority (STYLE 9: thin hosts).</summary>
internal static class HostingExtensions
{
    public static WebApplicationBuilder ConfigureServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MockAuthorityOptions>().BindConfiguration(MockAuthorityOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<MockAuthorityOptions>>().Value.Validate());

        // Keys, organisations and personas are read and checked once, at start-up (MockAuthorityApp.Create).
        services.AddSingleton(sp => AuthorityKeys.Load(
            sp.GetRequiredService<MockAuthorityOptions>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("NetIdentity.MockAuthority.Keys")));
        services.AddSingleton(sp => OrganisationRegistry.Load(sp.GetRequiredService<MockAuthorityOptions>()));
        services.AddSingleton(sp => PersonaCatalog.Load(
            Path.Combine(builder.Environment.ContentRootPath, sp.GetRequiredService<MockAuthorityOptions>().PersonasPath)));

        services.AddSingleton<AppScopedIds>();
        services.AddSingleton<ResponseSigner>();
        services.AddSingleton<SignedRequestReader>();
        services.AddSingleton<AuthorityEnvelopes>();
        services.AddSingleton<RequestIdLedger>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<CredentialIssuer>();
        services.AddSingleton<SessionAnswering>();
        services.AddSingleton<RealnameStore>();
        services.AddSingleton<OtpOutbox>();
        services.AddSingleton<FaultState>();

        services.ConfigureHttpJsonOptions(o => WireJson.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<MockExceptionHandler>();
        services.AddHealthChecks();

        // Antiforgery tokens of the simulated app need no life beyond the process.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();

        // The simulated app shows Chinese text: write it as is rather than as character references.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorPages(o => o.RootDirectory = "/SimulatedApp");
        return builder;
    }

    public static WebApplication ConfigurePipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        app.MapHealthChecks("/healthz");

        var v1 = app.MapGroup("/v1").AddEndpointFilter<FaultFilter>();
        v1.MapKeys();
        v1.MapSessions();
        v1.MapIdentity();
        v1.MapGuardianships();
        v1.MapRealname();

        app.MapGroup("/tester").MapTester();

        app.MapRazorPages();
        app.MapGet("/", () => TypedResults.Redirect("/app"));
        return app;
    }
}
