using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NetIdentity.Cryptography;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>
/// A complete production configuration made of fresh material: an HTTPS issuer and authority, an
/// organisation key and pinned authority keys nobody published, a random pairwise key, and a key
/// ring certificate in a temporary folder. Tests take one setting away or swap in development
/// material and expect exactly that refusal.
/// </summary>
internal sealed class ProductionSettings : IDisposable
{
    public const string IssuerHost = "id.example.test";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("netid-prod-");

    public ProductionSettings()
    {
        (CertificatePath, CertificateKeyPath) = WriteKeyRingCertificate("keyring");
        Values = new Dictionary<string, string?>
        {
            ["Broker:Issuer"] = $"https://{IssuerHost}/",
            ["Broker:PairwiseSubjectKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Broker:KeyRing:CertificatePath"] = CertificatePath,
            ["Broker:KeyRing:CertificateKeyPath"] = CertificateKeyPath,
            ["Authority:BaseAddress"] = "https://authority.example.test/",
            ["Authority:OrgId"] = "ORG-PRODUCTION-TEST",
            ["Authority:AppId"] = "netidentity-broker",
            ["Authority:OrganisationPrivateKeyPem"] = Sm2PrivateKey.Generate().ExportPkcs8Pem(),
            ["Authority:SigningKeys:0:KeyId"] = "authority-sig-1",
            ["Authority:SigningKeys:0:PublicKeyPem"] = Sm2PrivateKey.Generate().PublicKey.ExportPem(),
            ["Authority:EncryptionPublicKeyPem"] = Sm2PrivateKey.Generate().PublicKey.ExportPem(),
        };
    }

    public Dictionary<string, string?> Values { get; }

    public string CertificatePath { get; }

    public string CertificateKeyPath { get; }

    public string Folder => _folder.FullName;

    /// <summary>Writes a new self-signed RSA certificate and its key as PEM files; returns their paths.</summary>
    public (string Certificate, string Key) WriteKeyRingCertificate(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=netidentity-keyring-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var certificatePath = Path.Combine(Folder, name + ".crt");
        var keyPath = Path.Combine(Folder, name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, rsa.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    public void Dispose()
    {
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}
