using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using NetIdentity.Broker.Hosting;

namespace NetIdentity.Broker.IntegrationTests.Hosting;

/// <summary>
/// <c>services.AddNetIdentityBroker(…)</c> (STYLE.md 2): a second call adds nothing, options are
/// bound once from configuration, and the application's <c>configure</c> runs after the binding.
/// </summary>
public sealed class RegistrationTests
{
    private static readonly IConfiguration Configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Broker:PairwiseSubjectKey"] = Convert.ToBase64String(new byte[32]),
            ["Broker:RequireHttps"] = "false",
            ["Broker:Issuer"] = "https://from-configuration.example/",
        })
        .Build();

    private static readonly IHostEnvironment Environment = new HostingEnvironment
    {
        EnvironmentName = Environments.Development,
        ApplicationName = "NetIdentity.Broker",
        ContentRootPath = AppContext.BaseDirectory,
    };

    [Fact]
    public void AddNetIdentityBroker_CalledTwice_AddsNothingTheSecondTime()
    {
        var services = new ServiceCollection();
        services.AddNetIdentityBroker(Configuration, Environment);
        var once = services.Count;

        services.AddNetIdentityBroker(Configuration, Environment);

        Assert.True(once > 50, $"Only {once} services registered: is the broker registered at all?");
        Assert.Equal(once, services.Count);
    }

    [Fact]
    public void AddNetIdentityBroker_WithConfigure_BindsConfigurationThenAppliesIt()
    {
        var services = new ServiceCollection();

        services.AddNetIdentityBroker(Configuration, Environment, options => options.RequireHttps = true);

        using var provider = services.BuildServiceProvider();
        var broker = provider.GetRequiredService<IOptions<BrokerOptions>>().Value;
        Assert.True(broker.RequireHttps);
        Assert.Equal(new Uri("https://from-configuration.example/"), broker.Issuer);

        // What depends on the option follows the bound value, not a copy read from configuration.
        var aspNetCore = provider.GetRequiredService<IOptions<OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreOptions>>().Value;
        Assert.False(aspNetCore.DisableTransportSecurityRequirement);
        var antiforgery = provider.GetRequiredService<IOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>>().Value;
        Assert.Equal(Microsoft.AspNetCore.Http.CookieSecurePolicy.Always, antiforgery.Cookie.SecurePolicy);
    }
}
