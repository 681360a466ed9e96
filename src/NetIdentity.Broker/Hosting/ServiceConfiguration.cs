using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using NetIdentity.Authority;
using NetIdentity.Broker.Consent;
using NetIdentity.Broker.Keys;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Oidc;
using NetIdentity.Broker.Platforms;
using NetIdentity.Broker.Telemetry;
using NetIdentity.Core.Subjects;
using NetIdentity.Data;

namespace NetIdentity.Broker.Hosting;

/// <summary>What the broker is made of. Each line is one capability.</summary>
public static class ServiceConfiguration
{
    public static WebApplicationBuilder ConfigureServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        configuration.AddSecretsDirectory();

        var broker = configuration.GetSection(BrokerOptions.SectionName).Get<BrokerOptions>() ?? new BrokerOptions();
        services.AddOptions<BrokerOptions>().Bind(configuration.GetSection(BrokerOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BrokerOptions>, BrokerOptionsValidator>();
        services.AddSingleton<IValidateOptions<BrokerOptions>>(provider => new SecretSources.Validator<BrokerOptions>(
            provider.GetRequiredService<IConfiguration>(), builder.Environment, BrokerOptions.SectionName));
        services.RestrictHostsToIssuer(builder.Environment);
        services.AddOptions<PlatformCatalogOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PlatformCatalogOptions>, PlatformCatalogValidator>();
        services.AddSingleton<IValidateOptions<PlatformCatalogOptions>, Fapi2ProfileValidator>();
        services.AddSingleton<PlatformCatalog>();
        services.AddScoped<PlatformSynchronizer>();
        services.AddSingleton(TimeProvider.System);

        services.AddNetIdentityData(configuration, builder.Environment.ContentRootPath);
        services.AddNetIdentityDataProtection().ProtectKeyRing(configuration, builder.Environment);

        services.AddTokenKeys(configuration);
        services.AddBrokerOidcServer(broker);
        services.AddBackChannelEvents(configuration);

        services.AddNationalAuthority();
        services.AddSingleton<IValidateOptions<AuthorityOptions>, DevelopmentMaterialValidator>();
        services.AddSingleton<IValidateOptions<AuthorityOptions>>(provider => new SecretSources.Validator<AuthorityOptions>(
            provider.GetRequiredService<IConfiguration>(), builder.Environment, AuthorityOptions.SectionName));
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
        services.AddMyAuthorizations(broker);

        services.AddRazorPages();
        // The antiforgery cookie stays SameSite=Strict (ASP.NET Core's default: every form posts from
        // the broker's own pages) and is Secure whenever the broker requires HTTPS (issue 9 §5).
        services.AddAntiforgery(options => options.Cookie.SecurePolicy =
            broker.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);

        // Chinese text as text, not numeric entities: smaller pages, readable source.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
            options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddBrokerTelemetry(configuration, builder.Environment);
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

        return builder;
    }
}
