using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace NetIdentity.Client.Tests;

/// <summary>The FAPI 2.0 options: what they switch on, and every way they can be wrong at start-up.</summary>
public sealed class Fapi2OptionsTests : IDisposable
{
    private static readonly NetIdentityOptionsValidator Validator = new();

    private readonly string _directory = Directory.CreateTempSubdirectory("netid-client-keys-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static List<string> Failures(NetIdentityOptions options) =>
        Validator.Validate(NetIdentityDefaults.AuthenticationScheme, options).Failures?.ToList() ?? [];

    private static NetIdentityOptions Fapi2(Action<NetIdentityOptions>? change = null) =>
        Options.Sandbox(o =>
        {
            o.ClientSecret = string.Empty;
            o.Profile = NetIdentityProfile.Fapi2;
            change?.Invoke(o);
        });

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Validate_WhenFapi2WithAnEcKeyFile_Succeeds()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var options = Fapi2(o => (o.ClientAssertionKeyPath, o.ClientAssertionKeyId) = (Write("key.pem", key.ExportPkcs8PrivateKeyPem()), "demo-1"));

        Assert.Empty(Failures(options));
    }

    [Fact]
    public void Validate_WhenFapi2WithASec1EcKeyOrAnRsaKey_Succeeds()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rsa = RSA.Create(2048);

        Assert.Empty(Failures(Fapi2(o => o.ClientAssertionKeyPath = Write("sec1.pem", ec.ExportECPrivateKeyPem()))));
        Assert.Empty(Failures(Fapi2(o => o.ClientAssertionKeyPath = Write("rsa.pem", rsa.ExportPkcs8PrivateKeyPem()))));
    }

    [Fact]
    public void Validate_WhenFapi2WithoutKey_SaysHowToMakeAndRegisterOne()
    {
        var failure = Assert.Single(Failures(Fapi2()));

        Assert.StartsWith("NetIdentity:Profile is Fapi2, which authenticates with private_key_jwt, but no client assertion key is set.", failure, StringComparison.Ordinal);
        Assert.Contains("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256", failure, StringComparison.Ordinal);
        Assert.Contains("JsonWebKeySet", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenKeyFileMissing_NamesThePath()
    {
        var path = Path.Combine(_directory, "absent.pem");

        var failure = Assert.Single(Failures(Fapi2(o => o.ClientAssertionKeyPath = path)));

        Assert.StartsWith($"NetIdentity:ClientAssertionKeyPath \"{path}\" does not exist.", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenKeyFileIsNotAKey_SaysSo()
    {
        var path = Write("junk.pem", "not a key");

        var failure = Assert.Single(Failures(Fapi2(o => o.ClientAssertionKeyPath = path)));

        Assert.Equal($"NetIdentity:ClientAssertionKeyPath \"{path}\" holds no EC or RSA private key in PEM form (BEGIN PRIVATE KEY or BEGIN EC PRIVATE KEY).", failure);
    }

    [Fact]
    public void Validate_WhenKeyIsPublicOnly_AsksForThePrivateKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var publicOnly = ECDsa.Create(key.ExportParameters(includePrivateParameters: false));

        var failure = Assert.Single(Failures(Fapi2(o => o.ClientAssertionKey = new ECDsaSecurityKey(publicOnly))));

        Assert.StartsWith("NetIdentity: the client assertion key is a public key; give the private key", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenKeyIsOnAnotherCurve_NamesTheAlgorithmsTheBrokerTakes()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        var failure = Assert.Single(Failures(Fapi2(o => o.ClientAssertionKey = new ECDsaSecurityKey(key))));

        Assert.StartsWith("NetIdentity: the client assertion key must be an EC P-256 key (ES256) or an RSA key of 2048 bits or more (PS256)", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenKeyAndSecretBothSet_AsksToRemoveTheSecret()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var failure = Assert.Single(Failures(Options.Sandbox(o => o.ClientAssertionKey = new ECDsaSecurityKey(key))));

        Assert.StartsWith("NetIdentity:ClientSecret is set together with a client assertion key.", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenTwoKeySourcesSet_AsksForOne()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = Write("key.pem", key.ExportPkcs8PrivateKeyPem());

        var failure = Assert.Single(Failures(Fapi2(o => (o.ClientAssertionKeyPath, o.ClientAssertionKey) = (path, new ECDsaSecurityKey(key)))));

        Assert.Equal("NetIdentity: set only one of ClientAssertionKeyPath, ClientAssertionJwk and ClientAssertionKey (code).", failure);
    }

    [Fact]
    public void Validate_WhenDpopKeyIsNotP256_Fails()
    {
        using var assertion = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var dpop = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        var failure = Assert.Single(Failures(Fapi2(o => (o.ClientAssertionKey, o.DpopKey) = (new ECDsaSecurityKey(assertion), dpop))));

        Assert.StartsWith("NetIdentity: DpopKey must be an EC P-256 key", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenPrivateJwk_Succeeds()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(key) { KeyId = "jwk-1" });

        Assert.Empty(Failures(Fapi2(o => o.ClientAssertionJwk = System.Text.Json.JsonSerializer.Serialize(new { jwk.Kty, jwk.Crv, jwk.X, jwk.Y, jwk.D, jwk.Kid }).Replace("\"Kty\"", "\"kty\"", StringComparison.Ordinal)
            .Replace("\"Crv\"", "\"crv\"", StringComparison.Ordinal).Replace("\"X\"", "\"x\"", StringComparison.Ordinal).Replace("\"Y\"", "\"y\"", StringComparison.Ordinal)
            .Replace("\"D\"", "\"d\"", StringComparison.Ordinal).Replace("\"Kid\"", "\"kid\"", StringComparison.Ordinal))));
    }

    [Fact]
    public void AddNetIdentity_OnFapi2_RequiresPushedAuthorizationAndSendsNoSecret()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var oidc = AddNetIdentityTests.Oidc(Fapi2(o => o.ClientAssertionKey = new ECDsaSecurityKey(key)));

        Assert.Equal(PushedAuthorizationBehavior.Require, oidc.PushedAuthorizationBehavior);
        Assert.Null(oidc.ClientSecret);
        Assert.IsType<DpopHandler>(oidc.BackchannelHttpHandler);
    }

    [Fact]
    public void AddNetIdentity_OnDefaultProfile_LeavesTheBackChannelAlone()
    {
        var oidc = AddNetIdentityTests.Oidc(Options.Sandbox());

        Assert.Null(oidc.BackchannelHttpHandler);
    }

    [Fact]
    public void AddNetIdentity_WhenDpopAndTheApplicationSetsBackchannel_Refuses()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var exception = Assert.Throws<InvalidOperationException>(() => AddNetIdentityTests.Oidc(
            Fapi2(o => o.ClientAssertionKey = new ECDsaSecurityKey(key)),
            s => s.Configure<OpenIdConnectOptions>(NetIdentityDefaults.AuthenticationScheme, o => o.Backchannel = new HttpClient())));

        Assert.Contains("Set OpenIdConnectOptions.BackchannelHttpHandler instead", exception.Message, StringComparison.Ordinal);
    }
}
