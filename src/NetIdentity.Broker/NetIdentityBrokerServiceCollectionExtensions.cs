using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NetIdentity.Authority;
using NetIdentity.Broker;
using NetIdentity.Broker.Consent;
using NetIdentity.Broker.Hosting;
using NetIdentity.Broker.Keys;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Oidc;
using NetIdentity.Broker.Platforms;
using NetIdentity.Broker.Telemetry;
using NetIdentity.Core.Subjects;
using NetIdentity.Data;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// <c>services.AddNetIdentityBroker(configuration, environment, o => …)</c>: what the broker is
/// made of, each line one capability (STYLE.md 2). Options are bound once, from configuration,
/// through <see cref="IOptions{TOptions}"/>; <c>configure</c> runs after the binding, and every
/// option is validated when the host starts, with a message that says how to fix it. A second
/// call adds nothing.
/// </summary>
public static class NetIdentityBrokerServiceCollectionExtensions
{
    public static IServiceCollection AddNetIdentityBroker(
        this IServiceCollection services,
        IConfiguration configuration,
        IHostEnvironment environment,
        Action<BrokerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        if (services.Any(service => service.ServiceType == typeof(BrokerMarker)))
        {
            if (configure is not null)
            {
                services.Configure(configure);
            }

            return services;
        }

        services.AddSingleton<BrokerMarker>();

        // A host registers both; registered here too (if absent), the broker's services resolve in
        // any container built from these (a test, a tool).
        services.TryAddSingleton(configuration);
        services.TryAddSingleton(environment);
        var brokerOptions = services.AddOptions<BrokerOptions>().Bind(configuration.GetSection(BrokerOptions.SectionName)).ValidateOnStart();
        if (configure is not null)
        {
            brokerOptions.Configure(configure);
        }

        services.AddSingleton<IValidateOptions<BrokerOptions>, BrokerOptionsValidator>();
        services.AddSingleton<IValidateOptions<BrokerOptions>>(provider => new SecretSources.Validator<BrokerOptions>(
            provider.GetRequiredService<IConfiguration>(), environment, BrokerOptions.SectionName));
        services.RestrictHostsToIssuer(environment);
        services.AddOptions<PlatformCatalogOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PlatformCatalogOptions>, PlatformCatalogValidator>();
        services.AddSingleton<IValidateOptions<PlatformCatalogOptions>, Fapi2ProfileValidator>();
        services.AddSingleton<PlatformCatalog>();
        services.AddScoped<PlatformSynchronizer>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddNetIdentityData(configuration, environment.ContentRootPath);
        services.AddNetIdentityDataProtection().ProtectKeyRing(configuration, environment);

        services.AddTokenKeys(configuration);
        services.AddBrokerOidcServer();
        services.AddBackChannelEvents(configuration);

        services.AddNationalAuthority();
        services.AddSingleton<IValidateOptions<AuthorityOptions>, DevelopmentMaterialValidator>();
        services.AddSingleton<IValidateOptions<AuthorityOptions>>(provider => new SecretSources.Validator<AuthorityOptions>(
            provider.GetRequiredService<IConfiguration>(), environment, AuthorityOptions.SectionName));
        services.AddOptions<AuthorityOptions>().Bind(configuration.GetSection(AuthorityOptions.SectionName));

        services.AddSingleton(provider => new PairwiseSubjects(
            BrokerOptionsValidator.Decode(provider.GetRequiredService<IOptions<BrokerOptions>>().Value.PairwiseSubjectKey)!));
        services.AddSingleton<LoginTransactionStore>();
        services.AddAuditCheckpoints(configuration);
        services.AddSingleton<ExpiredStatePurger>();
        services.AddHostedService(provider => provider.GetRequiredService<ExpiredStatePurger>());
        services.AddScoped<NetIdLoginFlow>();
        services.AddOptions<OtherPathOptions>().Bind(configuration.GetSection(OtherPathOptions.SectionName));
        services.AddSingleton<OtherPathThrottle>();
        services.AddScoped<OtherPathFlow>();
        services.AddScoped<GuardianFlow>();
        services.AddOptions<AddressLimitOptions>().Bind(configuration.GetSection(AddressLimitOptions.SectionName));
        services.AddSingleton<SharedCounterKeys>();
        services.AddOptions<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>()
            .PostConfigure<IOptions<BrokerOptions>>((forwarded, options) => ClientAddresses.Apply(forwarded, options.Value.TrustedProxies));
        services.AddSingleton<ConsentReceipts>();
        services.AddSingleton<BrokerIssuer>();
        services.AddScoped<ConsentFlow>();
        services.AddMyAuthorizations();

        services.AddRazorPages();
        // The antiforgery cookie stays SameSite=Strict (ASP.NET Core's default: every form posts from
        // the broker's own pages) and is Secure whenever the broker requires HTTPS (issue 9 §5).
        services.AddAntiforgery();
        services.AddOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>().Configure<IOptions<BrokerOptions>>((options, broker) =>
            options.Cookie.SecurePolicy = broker.Value.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);

        // Chinese text as text, not numeric entities: smaller pages, readable source.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
            options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddBrokerTelemetry(configuration, environment);
        services.Configure<RequestLocalizationOptions>(options =>
        {
            string[] cultures = ["zh-CN", "en"];
            options.SetDefaultCulture(cultures[0]).AddSupportedCultures(cultures).AddSupportedUICultures(cultures);
            options.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" },
                new CookieRequestCultureProvider(),
            ];
        });

        return services;
    }

    /// <summary>Says the broker is registered, so that a second <see cref="AddNetIdentityBroker"/> adds nothing.</summary>
    private sealed class BrokerMarker;
}
