using System.Net;
using Microsoft.Extensions.Configuration;
using NetIdentity.Authority;
using NetIdentity.Broker.Hosting;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Broker.Platforms;
using NetIdentity.Cryptography;

namespace NetIdentity.Broker.IntegrationTests.Hosting;

/// <summary>
/// Development material cannot reach production (issue 9 §4): outside Development the broker
/// refuses every key, id and secret this repository publishes, a plain-HTTP authority, a missing
/// issuer, and any Host header but the issuer's.
/// </summary>
public sealed class DevelopmentMaterialTests : IDisposable
{
    private static readonly Uri NoAuthority = new("http://127.0.0.1:9/");

    private readonly ProductionSettings _production = new();

    public void Dispose() => _production.Dispose();

    [Fact]
    public async Task Start_InProductionWithFreshMaterial_ServesOnlyTheIssuersHost()
    {
        using var host = new BrokerHost(NoAuthority, _production.Values, environment: "Production");
        using var client = host.CreateClient();

        using var issuerHost = new HttpRequestMessage(HttpMethod.Get, "/healthz") { Headers = { Host = ProductionSettings.IssuerHost } };
        using var otherHost = new HttpRequestMessage(HttpMethod.Get, "/healthz") { Headers = { Host = "attacker.example" } };
        var allowed = await client.SendAsync(issuerHost, TestContext.Current.CancellationToken);
        var refused = await client.SendAsync(otherHost, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public void Start_InProductionWithTheSandboxAuthoritySettings_RefusesEachPublishedItem()
    {
        foreach (var (key, value) in DevelopmentSettings("Authority"))
        {
            _production.Values["Authority:" + key] = value;
        }

        var failures = FailuresOnStart<AuthorityOptions>(_production.Values);

        Assert.Equal(
            [
                "Authority:BaseAddress must be HTTPS outside Development: the authority's answers decide who a person is.",
                "Authority:OrgId is the mock authority's sandbox organisation (ORG-SANDBOX); set the organisation id the authority registered for you.",
                "Authority:OrganisationPrivateKeyPem is the sandbox key published in this repository; use your organisation's own SM2 key from a secret source (docs/configuration.md).",
                "Authority:SigningKeys 'mock-sig-2026' is the mock authority's published key; pin the authority's real signing keys.",
                "Authority:EncryptionPublicKeyPem is the mock authority's published key; pin the authority's real encryption key.",
            ],
            failures);
    }

    [Fact]
    public void Start_InProductionWithoutIssuer_Refuses()
    {
        _production.Values.Remove("Broker:Issuer");

        var failures = FailuresOnStart<BrokerOptions>(_production.Values);

        Assert.Equal(["Broker:Issuer is required outside Development, e.g. https://id.example.com/: the issuer must never come from a request's Host header."], failures);
    }

    [Fact]
    public void Start_InProductionWithPlainHttpIssuer_Refuses()
    {
        _production.Values["Broker:Issuer"] = "http://id.example.test/";

        var failures = FailuresOnStart<BrokerOptions>(_production.Values);

        Assert.Equal(["Broker:Issuer must be an HTTPS URL without query or fragment outside Development (OpenID Connect Discovery 1.0 §3)."], failures);
    }

    [Fact]
    public void Start_InProductionWithTheDemoSecretAndALocalhostRedirect_RefusesBoth()
    {
        var platform = new TestPlatform("platform-demo-copy", DevelopmentMaterial.DemoPlatformSecret, "http://localhost:5200/signin-oidc", "demo-copy.example");
        // Index 0: outside Development no appsettings file declares the demo forum there.
        foreach (var (key, value) in platform.Settings(0))
        {
            _production.Values[key] = value;
        }

        var failures = FailuresOnStart<PlatformCatalogOptions>(_production.Values);

        Assert.Equal(
            [
                "Platforms:0 (platform-demo-copy): ClientSecret is a sandbox secret published in this repository; set a secret of your own (openssl rand -base64 32), or use JsonWebKeySet.",
                "Platforms:0 (platform-demo-copy): redirect URI 'http://localhost:5200/signin-oidc' is plain HTTP; outside Development only a native app's loopback IP literal (http://127.0.0.1 or http://[::1], RFC 8252 §7.3) may be.",
                "Platforms:0 (platform-demo-copy): redirect URI 'http://localhost:5200/signin-oidc/logged-out' is plain HTTP; outside Development only a native app's loopback IP literal (http://127.0.0.1 or http://[::1], RFC 8252 §7.3) may be.",
            ],
            failures);
    }

    [Fact]
    public void Start_InProductionWithTheSandboxScriptSecret_Refuses()
    {
        var platform = new TestPlatform("platform-script-copy", DevelopmentMaterial.SandboxScriptSecret, "https://script-copy.example/callback", "script-copy.example");
        foreach (var (key, value) in platform.Settings(0))
        {
            _production.Values[key] = value;
        }

        var failure = Assert.Single(FailuresOnStart<PlatformCatalogOptions>(_production.Values));

        Assert.Equal(
            "Platforms:0 (platform-script-copy): ClientSecret is a sandbox secret published in this repository; set a secret of your own (openssl rand -base64 32), or use JsonWebKeySet.",
            failure);
    }

    [Fact]
    public async Task Start_InProductionWithALoopbackIpRedirect_Starts()
    {
        foreach (var (key, value) in new TestPlatform("platform-native", "platform-native-secret-0123456789abcdefg", "http://127.0.0.1:8400/callback", "native.example").Settings(7))
        {
            _production.Values[key] = value;
        }

        using var host = new BrokerHost(NoAuthority, _production.Values, environment: "Production");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz") { Headers = { Host = ProductionSettings.IssuerHost } };

        var response = await host.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void DevelopmentMaterial_IsWhatTheDevelopmentSettingsPublish()
    {
        var broker = DevelopmentSettings(string.Empty);
        var mock = Load(Path.Combine(RepositoryPaths.Root, "mock-authority", "NetIdentity.MockAuthority", "appsettings.Development.json"));
        var demo = Load(Path.Combine(RepositoryPaths.Root, "src", "NetIdentity.DemoPlatform", "appsettings.Development.json"));

        Assert.Equal(DevelopmentMaterial.MockOrganisationId, broker["Authority:OrgId"]);
        Assert.Equal(DevelopmentMaterial.MockOrganisationId, mock["MockAuthority:Organisations:0:OrgId"]);
        Assert.True(DevelopmentMaterial.IsSandboxOrganisationKey(broker["Authority:OrganisationPrivateKeyPem"]));
        Assert.True(DevelopmentMaterial.IsMockAuthorityKey(Sm2PrivateKey.FromPem(mock["MockAuthority:SigningKeyPem"]!).PublicKey.ExportPem()));
        Assert.True(DevelopmentMaterial.IsMockAuthorityKey(Sm2PrivateKey.FromPem(mock["MockAuthority:EncryptionKeyPem"]!).PublicKey.ExportPem()));
        Assert.Equal(DevelopmentMaterial.DemoPlatformSecret, broker["Platforms:0:ClientSecret"]);
        Assert.Equal(DevelopmentMaterial.DemoPlatformSecret, demo["NetIdentity:ClientSecret"]);
        Assert.Contains(
            $"ScriptClientSecret = \"{DevelopmentMaterial.SandboxScriptSecret}\";",
            File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "NetIdentity.Sandbox", "ChildSpec.cs")),
            StringComparison.Ordinal);
        Assert.Equal(BrokerOptions.DevelopmentPairwiseSubjectKey, broker["Broker:PairwiseSubjectKey"]);
        Assert.False(DevelopmentMaterial.IsMockAuthorityKey(Sm2PrivateKey.Generate().PublicKey.ExportPem()));
        Assert.False(DevelopmentMaterial.IsSandboxOrganisationKey(Sm2PrivateKey.Generate().ExportPkcs8Pem()));
    }

    /// <summary>The validation failures of <typeparamref name="TOptions"/> when a broker starts in Production.</summary>
    internal static List<string> FailuresOnStart<TOptions>(IDictionary<string, string?> settings, string? jsonFile = null) =>
        StartupValidationTests.FailuresOnStart<TOptions>(settings, "Production", jsonFile);

    private static Dictionary<string, string?> DevelopmentSettings(string section)
    {
        var all = Load(Path.Combine(RepositoryPaths.Root, "src", "NetIdentity.Broker", "appsettings.Development.json"));
        return section.Length == 0
            ? all
            : all.Where(p => p.Key.StartsWith(section + ":", StringComparison.Ordinal)).ToDictionary(p => p.Key[(section.Length + 1)..], p => p.Value);
    }

    private static Dictionary<string, string?> Load(string path) =>
        new ConfigurationBuilder().AddJsonFile(path).Build().AsEnumerable().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value);
}
