using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.Hosting;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Cryptography;
using NetIdentity.Data;

namespace NetIdentity.Broker.IntegrationTests.Hosting;

/// <summary>
/// Keys at rest (issue 9 §3): the Data Protection key ring is encrypted with a certificate and the
/// broker refuses to run without one outside Development; secrets come from the environment or a
/// secrets directory, never an appsettings file; a changed pairwise key is refused unless the
/// operator accepts that exact key.
/// </summary>
public sealed class KeysAtRestTests : IDisposable
{
    private static readonly Uri NoAuthority = new("http://127.0.0.1:9/");

    private readonly ProductionSettings _production = new();

    public void Dispose() => _production.Dispose();

    [Fact]
    public void Start_InProductionWithoutKeyRingCertificate_RefusesSayingHowToFix()
    {
        _production.Values.Remove("Broker:KeyRing:CertificatePath");
        _production.Values.Remove("Broker:KeyRing:CertificateKeyPath");

        var failures = DevelopmentMaterialTests.FailuresOnStart<KeyRingOptions>(_production.Values);

        Assert.Equal(
            [
                "Broker:KeyRing:CertificatePath is required outside Development: the Data Protection key ring, which protects the token keys " +
                "and every cookie, must be encrypted at rest. Make an RSA certificate (openssl req -x509 -newkey rsa:3072 -nodes " +
                "-keyout keyring.key -out keyring.crt -days 3650 -subj /CN=netidentity-keyring), keep it outside the database, and set " +
                "Broker:KeyRing:CertificatePath and Broker:KeyRing:CertificateKeyPath (docs/configuration.md).",
            ],
            failures);
    }

    [Fact]
    public void Start_WithUnreadableKeyRingCertificate_RefusesNamingTheSetting()
    {
        var missing = Path.Combine(_production.Folder, "missing.crt");
        var settings = new Dictionary<string, string?> { ["Broker:KeyRing:CertificatePath"] = missing };

        using var host = new BrokerHost(NoAuthority, settings);
        var thrown = Record.Exception(() => host.Server);

        var refusal = Assert.IsType<InvalidOperationException>(Innermost<InvalidOperationException>(thrown));
        Assert.StartsWith($"Broker:KeyRing:CertificatePath: the certificate '{missing}' could not be read (", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyRing_WithCertificate_IsStoredEncryptedAndReadOnlyWithThatCertificate()
    {
        var keyRing = new Dictionary<string, string?>
        {
            ["Broker:KeyRing:CertificatePath"] = _production.CertificatePath,
            ["Broker:KeyRing:CertificateKeyPath"] = _production.CertificateKeyPath,
        };
        string directory;
        using (var first = new BrokerHost(NoAuthority, keyRing, databaseDirectory: _production.Folder))
        {
            directory = first.DatabaseDirectory;
            _ = first.Server;
            await using var scope = first.Services.CreateAsyncScope();
            var xml = await scope.ServiceProvider.GetRequiredService<BrokerDbContext>().DataProtectionKeys
                .Select(k => k.Xml).ToListAsync(TestContext.Current.CancellationToken);

            var key = Assert.Single(xml);
            Assert.Contains("EncryptedData", key, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", key, StringComparison.Ordinal);
        }

        using (var again = new BrokerHost(NoAuthority, keyRing, databaseDirectory: directory))
        {
            var response = await again.CreateClient().GetAsync("/.well-known/openid-configuration", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var (otherCertificate, otherKey) = _production.WriteKeyRingCertificate("other");
        var withOther = new Dictionary<string, string?>
        {
            ["Broker:KeyRing:CertificatePath"] = otherCertificate,
            ["Broker:KeyRing:CertificateKeyPath"] = otherKey,
        };
        foreach (var settings in new[] { withOther, new Dictionary<string, string?>() })
        {
            using var without = new BrokerHost(NoAuthority, settings, databaseDirectory: directory);
            var thrown = Record.Exception(() => without.Server);

            // Fails closed: the token keys stay sealed; the broker does not start with new ones.
            Assert.NotNull(Innermost<CryptographicException>(thrown));
        }
    }

    [Fact]
    public void Start_InProductionWithSecretsInAnAppsettingsFile_RefusesEach()
    {
        var file = Path.Combine(_production.Folder, "operator.json");
        var secrets = new Dictionary<string, Dictionary<string, string?>>
        {
            ["Broker"] = new() { ["PairwiseSubjectKey"] = _production.Values["Broker:PairwiseSubjectKey"] },
            ["Authority"] = new() { ["OrganisationPrivateKeyPem"] = _production.Values["Authority:OrganisationPrivateKeyPem"] },
        };
        File.WriteAllText(file, JsonSerializer.Serialize(secrets));

        var broker = DevelopmentMaterialTests.FailuresOnStart<BrokerOptions>(_production.Values, jsonFile: file);
        var authority = DevelopmentMaterialTests.FailuresOnStart<NetIdentity.Authority.AuthorityOptions>(_production.Values, jsonFile: file);

        Assert.Equal(["Broker:PairwiseSubjectKey is read from operator.json; outside Development a secret comes from the environment (Broker__PairwiseSubjectKey) or from a file in SecretsDirectory (docs/configuration.md), never from an appsettings file."], broker);
        Assert.Equal(["Authority:OrganisationPrivateKeyPem is read from operator.json; outside Development a secret comes from the environment (Authority__OrganisationPrivateKeyPem) or from a file in SecretsDirectory (docs/configuration.md), never from an appsettings file."], authority);
    }

    [Fact]
    public async Task Start_InProductionWithSecretsDirectory_UsesTheFiles()
    {
        var secrets = Directory.CreateDirectory(Path.Combine(_production.Folder, "secrets")).FullName;
        var pairwiseKey = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(Path.Combine(secrets, "Broker__PairwiseSubjectKey"), Convert.ToBase64String(pairwiseKey) + "\n");
        File.WriteAllText(Path.Combine(secrets, "Authority__OrganisationPrivateKeyPem"), Sm2PrivateKey.Generate().ExportPkcs8Pem());
        _production.Values.Remove("Broker:PairwiseSubjectKey");
        _production.Values.Remove("Authority:OrganisationPrivateKeyPem");
        _production.Values["SecretsDirectory"] = secrets;

        using var host = new BrokerHost(NoAuthority, _production.Values, environment: "Production");
        _ = host.Server;

        Assert.Equal(PairwiseKeyPin.Fingerprint(pairwiseKey), await PinnedFingerprintAsync(host));
    }

    [Fact]
    public void Start_WithMissingSecretsDirectory_Refuses()
    {
        var missing = Path.Combine(_production.Folder, "no-such-secrets");

        using var host = new BrokerHost(NoAuthority, new Dictionary<string, string?> { ["SecretsDirectory"] = missing });
        var thrown = Record.Exception(() => host.Server);

        Assert.NotNull(Innermost<DirectoryNotFoundException>(thrown));
    }

    [Fact]
    public async Task Start_WithAChangedPairwiseKey_RefusesUntilThatExactKeyIsAccepted()
    {
        var first = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var second = RandomNumberGenerator.GetBytes(32);
        var secondFingerprint = PairwiseKeyPin.Fingerprint(second);
        string directory;
        using (var original = new BrokerHost(NoAuthority, new Dictionary<string, string?> { ["Broker:PairwiseSubjectKey"] = first }, databaseDirectory: _production.Folder))
        {
            _ = original.Server;
            directory = original.DatabaseDirectory;
        }

        var changed = new Dictionary<string, string?> { ["Broker:PairwiseSubjectKey"] = Convert.ToBase64String(second) };
        var refusal = StartFailure(changed, directory);
        changed["Broker:AcceptPairwiseSubjectKeyFingerprint"] = PairwiseKeyPin.Fingerprint(RandomNumberGenerator.GetBytes(32));
        var wrongAcceptance = StartFailure(changed, directory);
        changed["Broker:AcceptPairwiseSubjectKeyFingerprint"] = secondFingerprint;
        using (var accepted = new BrokerHost(NoAuthority, changed, databaseDirectory: directory))
        {
            _ = accepted.Server;
            Assert.Equal(secondFingerprint, await PinnedFingerprintAsync(accepted));
            Assert.Contains(accepted.Logs.Lines, line => line.Contains("[1202] The pairwise subject key changed", StringComparison.Ordinal));
        }

        changed.Remove("Broker:AcceptPairwiseSubjectKeyFingerprint");
        using var afterwards = new BrokerHost(NoAuthority, changed, databaseDirectory: directory);
        _ = afterwards.Server;

        var firstFingerprint = PairwiseKeyPin.Fingerprint(Convert.FromBase64String(first));
        Assert.Equal(
            $"Broker:PairwiseSubjectKey is not the key this database was started with (fingerprint {firstFingerprint}; this key's is {secondFingerprint}). " +
            "A new key gives every person a new 'sub' at every platform, so the broker refuses it. If the old key is lost or compromised " +
            $"and the change is intended, start once with Broker:AcceptPairwiseSubjectKeyFingerprint={secondFingerprint} (docs/configuration.md); " +
            "otherwise restore the key this database was started with.",
            refusal.Message);
        Assert.Equal(refusal.Message, wrongAcceptance.Message);
        Assert.DoesNotContain(Convert.ToBase64String(second), refusal.Message, StringComparison.Ordinal);
    }

    private static InvalidOperationException StartFailure(IDictionary<string, string?> settings, string directory)
    {
        using var host = new BrokerHost(NoAuthority, settings, databaseDirectory: directory);
        var thrown = Record.Exception(() => host.Server);
        return Assert.IsType<InvalidOperationException>(Innermost<InvalidOperationException>(thrown));
    }

    private static async Task<string> PinnedFingerprintAsync(BrokerHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var pins = scope.ServiceProvider.GetRequiredService<NetIdentity.Data.Settings.ISettingPins>();
        return (await pins.FindAsync(PairwiseKeyPin.SettingName, TestContext.Current.CancellationToken))!;
    }

    /// <summary>The innermost exception of type <typeparamref name="T"/> in the chain (aggregates included), or null.</summary>
    private static T? Innermost<T>(Exception? exception)
        where T : Exception => exception switch
    {
        null => null,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Innermost<T>).FirstOrDefault(e => e is not null),
        _ => Innermost<T>(exception.InnerException) ?? exception as T,
    };
}
