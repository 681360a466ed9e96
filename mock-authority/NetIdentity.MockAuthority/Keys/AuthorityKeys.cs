using NetIdentity.Cryptography;
using NetIdentity.MockAuthority.Hosting;

namespace NetIdentity.MockAuthority.Keys;

/// <summary>
/// The authority's key pairs, parsed once at start-up: the signing key (contract §1.2), the
/// envelope key (§6, §7), and an impostor key that signs the <c>bad-signature</c> persona's
/// credentials under the genuine <c>kid</c>.
/// </summary>
internal sealed class AuthorityKeys
{
    private AuthorityKeys(Sm2PrivateKey signing, string signingKeyId, Sm2PrivateKey encryption, string encryptionKeyId)
    {
        Signing = signing;
        SigningKeyId = signingKeyId;
        Encryption = encryption;
        EncryptionKeyId = encryptionKeyId;
    }

    public Sm2PrivateKey Signing { get; }

    public string SigningKeyId { get; }

    public Sm2PrivateKey Encryption { get; }

    public string EncryptionKeyId { get; }

    /// <summary>Never published: whatever it signs fails verification with the published key.</summary>
    public Sm2PrivateKey Impostor { get; } = Sm2PrivateKey.Generate();

    /// <summary>Reads the configured keys, or generates ephemeral ones and logs their public halves only.</summary>
    /// <exception cref="InvalidOperationException">A configured key is not an SM2 private key.</exception>
    public static AuthorityKeys Load(MockAuthorityOptions options, ILogger logger)
    {
        var signing = LoadOrGenerate(options.SigningKeyPem, nameof(options.SigningKeyPem), options.SigningKeyId, logger);
        var encryption = LoadOrGenerate(options.EncryptionKeyPem, nameof(options.EncryptionKeyPem), options.EncryptionKeyId, logger);
        if (string.Equals(options.SigningKeyId, options.EncryptionKeyId, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                "MockAuthority:SigningKeyId and MockAuthority:EncryptionKeyId are equal; give each key its own kid.");
        }

        return new AuthorityKeys(signing, options.SigningKeyId, encryption, options.EncryptionKeyId);
    }

    private static Sm2PrivateKey LoadOrGenerate(string? pem, string setting, string kid, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            var key = Sm2PrivateKey.Generate();
            Log.EphemeralKeyGenerated(logger, kid, key.PublicKey.ExportPem());
            return key;
        }

        if (!Sm2PrivateKey.TryFromPem(pem, out var parsed) || parsed is null)
        {
            throw new InvalidOperationException(
                $"MockAuthority:{setting} is not an SM2 private key in PEM (PKCS#8). Make one with " +
                "'openssl genpkey -algorithm SM2', or remove the setting to use an ephemeral key.");
        }

        return parsed;
    }
}
