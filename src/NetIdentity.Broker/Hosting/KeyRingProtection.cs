using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace NetIdentity.Broker.Hosting;

/// <summary>
/// The certificate that encrypts the Data Protection key ring at rest (configuration section
/// <c>Broker:KeyRing</c>; docs/configuration.md). The key ring protects the token signing keys,
/// the login state and every cookie, and it lives in the same database: unencrypted, a copy of the
/// database would be a copy of every key (issue 9 §3).
/// </summary>
public sealed class KeyRingOptions
{
    public const string SectionName = "Broker:KeyRing";

    /// <summary>An RSA certificate with its private key: a PKCS#12 file (.pfx/.p12), or a PEM certificate with <see cref="CertificateKeyPath"/>.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/>.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>The password of a PKCS#12 <see cref="CertificatePath"/>. A secret: from the environment or the secrets directory.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Certificates replaced by <see cref="CertificatePath"/>, kept to read the keys they encrypted (PKCS#12 with the same password, or PEM files with the key inside).</summary>
    public IList<string> PreviousCertificatePaths { get; } = [];
}

/// <summary>Encrypts the key ring with the configured certificate; refuses to run without one outside Development.</summary>
internal static class KeyRingProtection
{
    public static IDataProtectionBuilder ProtectKeyRing(this IDataProtectionBuilder builder, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(KeyRingOptions.SectionName);
        builder.Services.AddOptions<KeyRingOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<KeyRingOptions>>(new KeyRingOptionsValidator(environment));

        var options = section.Get<KeyRingOptions>() ?? new KeyRingOptions();
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            // Development only: the validator refuses this anywhere else before the host starts.
            return builder;
        }

        builder.ProtectKeysWithCertificate(Load(options.CertificatePath, options.CertificateKeyPath, options.CertificatePassword, "CertificatePath"));
        if (options.PreviousCertificatePaths.Count > 0)
        {
            builder.UnprotectKeysWithAnyCertificate(
                [.. options.PreviousCertificatePaths.Select((path, i) => Load(path, keyPath: null, options.CertificatePassword, $"PreviousCertificatePaths:{i}"))]);
        }

        return builder;
    }

    /// <exception cref="InvalidOperationException">The file cannot be read, or holds no RSA private key of at least 2048 bits.</exception>
    private static X509Certificate2 Load(string path, string? keyPath, string? password, string setting)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = IsPkcs12(path)
                ? X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet)
                : X509Certificate2.CreateFromPemFile(path, keyPath);
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
        {
            // The message names the file, never the password; the inner exception says what failed.
            throw new InvalidOperationException(
                $"{KeyRingOptions.SectionName}:{setting}: the certificate '{path}' could not be read ({exception.GetType().Name}). " +
                "Give a PKCS#12 file with Broker:KeyRing:CertificatePassword, or a PEM certificate with Broker:KeyRing:CertificateKeyPath.",
                exception);
        }

        using var rsa = certificate.GetRSAPublicKey();
        if (!certificate.HasPrivateKey || rsa is null || rsa.KeySize < 2048)
        {
            certificate.Dispose();

            // XML encryption of the key ring (ProtectKeysWithCertificate) wraps keys with RSA only.
            throw new InvalidOperationException(
                $"{KeyRingOptions.SectionName}:{setting}: '{path}' must hold an RSA certificate of at least 2048 bits with its private key " +
                "(openssl req -x509 -newkey rsa:3072 -nodes -keyout keyring.key -out keyring.crt -days 3650 -subj /CN=netidentity-keyring).");
        }

        return certificate;
    }

    private static bool IsPkcs12(string path) =>
        path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);

    private sealed class KeyRingOptionsValidator(IHostEnvironment environment) : IValidateOptions<KeyRingOptions>
    {
        public ValidateOptionsResult Validate(string? name, KeyRingOptions options) =>
            string.IsNullOrWhiteSpace(options.CertificatePath) && !environment.IsDevelopment()
                ? ValidateOptionsResult.Fail(
                    "Broker:KeyRing:CertificatePath is required outside Development: the Data Protection key ring, which protects the token keys " +
                    "and every cookie, must be encrypted at rest. Make an RSA certificate (openssl req -x509 -newkey rsa:3072 -nodes " +
                    "-keyout keyring.key -out keyring.crt -days 3650 -subj /CN=netidentity-keyring), keep it outside the database, and set " +
                    "Broker:KeyRing:CertificatePath and Broker:KeyRing:CertificateKeyPath (docs/configuration.md).")
                : ValidateOptionsResult.Success;
    }
}
