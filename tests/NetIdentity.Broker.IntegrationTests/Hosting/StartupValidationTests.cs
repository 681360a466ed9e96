using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using NetIdentity.Broker.Hosting;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Broker.Platforms;

namespace NetIdentity.Broker.IntegrationTests.Hosting;

/// <summary>
/// The broker refuses to start with unsafe settings (STYLE convention 2: options validated at
/// start-up, with messages that say how to fix them). Each test starts its own host.
/// </summary>
public sealed class StartupValidationTests
{
    /// <summary>Nothing listens here: a host that fails validation never calls the authority.</summary>
    private static readonly Uri NoAuthority = new("http://127.0.0.1:9/");

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Start_OutsideDevelopmentWithDevelopmentKeyNoHttpsNoIssuer_RefusesWithEachMessage(string environment)
    {
        var settings = DevelopmentAuthoritySettings();
        settings["Broker:PairwiseSubjectKey"] = BrokerOptions.DevelopmentPairwiseSubjectKey;
        settings["Broker:RequireHttps"] = "false";

        var failures = FailuresOnStart<BrokerOptions>(settings, environment);

        Assert.Equal(
            [
                "Broker:PairwiseSubjectKey is the published development key; set a secret key outside Development (openssl rand -base64 32).",
                "Broker:RequireHttps may be false only in Development (the loopback sandbox).",
                "Broker:Issuer is required outside Development, e.g. https://id.example.com/: the issuer must never come from a request's Host header.",
            ],
            failures);
    }

    public static TheoryData<string, string?, string> BadRegistrations => new()
    {
        { "ClientSecret", null, "Platforms:7 (platform-bad): set exactly one of ClientSecret (client_secret_basic) or JsonWebKeySet (private_key_jwt)." },
        { "RedirectUris:0", "http://bad.example/callback", "Platforms:7 (platform-bad): redirect URI 'http://bad.example/callback' must be absolute, without a fragment, and HTTPS unless on loopback." },
        { "Scopes:1", null, "Platforms:7 (platform-bad): Scopes must include 'openid' and 'netid'." },
        { "DisplayName:En", null, "Platforms:7 (platform-bad): DisplayName needs both Zh and En: people see it when they verify." },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public void Start_WithBadPlatformRegistration_RefusesWithItsMessage(string key, string? value, string expected)
    {
        var platform = new TestPlatform("platform-bad", "platform-bad-secret-0123456789abcdefghij", "https://bad.example/callback", "bad.example");
        var settings = new Dictionary<string, string?>(platform.Settings(7));
        settings.Remove("Platforms:7:" + key);
        if (value is not null)
        {
            settings["Platforms:7:" + key] = value;
        }

        var failures = FailuresOnStart<PlatformCatalogOptions>(settings);

        Assert.Equal([expected], failures);
    }

    /// <summary>Starts a broker that must not start; returns the validation failures of <typeparamref name="TOptions"/>.</summary>
    /// <param name="settings">The broker's settings.</param>
    /// <param name="environment">The host environment.</param>
    /// <param name="jsonFile">An operator's appsettings file on top, or null.</param>
    internal static List<string> FailuresOnStart<TOptions>(IDictionary<string, string?> settings, string environment = "Development", string? jsonFile = null)
    {
        using var host = new BrokerHost(NoAuthority, settings, environment: environment, jsonFile: jsonFile);
        var thrown = Record.Exception(() => host.Server);
        Assert.NotNull(thrown);
        var failures = ValidationFailures(thrown).Where(e => e.OptionsType == typeof(TOptions)).SelectMany(e => e.Failures).ToList();
        Assert.True(failures.Count > 0, "No validation failure for " + typeof(TOptions).Name + ": " + thrown);
        return failures;
    }

    private static IEnumerable<OptionsValidationException> ValidationFailures(Exception exception) => exception switch
    {
        OptionsValidationException validation => [validation],
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(ValidationFailures),
        { InnerException: { } inner } => ValidationFailures(inner),
        _ => [],
    };

    /// <summary>The authority settings of appsettings.Development.json, which other environments do not load.</summary>
    private static Dictionary<string, string?> DevelopmentAuthoritySettings()
    {
        var development = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryPaths.Root, "src", "NetIdentity.Broker", "appsettings.Development.json"))
            .Build();
        return development.GetSection("Authority").AsEnumerable()
            .Where(p => p.Value is not null)
            .ToDictionary(p => p.Key, p => p.Value);
    }
}
