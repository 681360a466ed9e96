using NetIdentity.Cryptography;

namespace NetIdentity.Core.Audit;

/// <summary>
/// The SM2 key that signs audit checkpoints and export manifests: the broker's organisation key
/// (docs/audit.md, "Which key signs"). Signatures are SM2 with SM3 under the default
/// distinguishing identifier <c>1234567812345678</c> (GB/T 32918.2, GM/T 0009), so OpenSSL 3
/// verifies them as they are.
/// </summary>
public sealed class AuditSigningKey
{
    /// <summary>The GM/T 0009 default SM2 distinguishing identifier, which OpenSSL 3 also uses by default.</summary>
    public const string DistinguishingId = "1234567812345678";

    private readonly Sm2PrivateKey _key;

    public AuditSigningKey(Sm2PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
        KeyId = AuditKeyId.Of(key.PublicKey);
    }

    /// <summary>The SM3 fingerprint of the public key (<see cref="AuditKeyId.Of"/>).</summary>
    public string KeyId { get; }

    public Sm2PublicKey PublicKey => _key.PublicKey;

    /// <summary>A DER <c>SEQUENCE { r, s }</c> over <paramref name="message"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message) => _key.Sign(message, DistinguishingId);

    /// <summary>Never reveals the key.</summary>
    public override string ToString() => $"audit signing key {KeyId}";
}

/// <summary>How a checkpoint names the key that signed it.</summary>
public static class AuditKeyId
{
    /// <summary>
    /// SM3 over the DER SubjectPublicKeyInfo, lower-case hex: what
    /// <c>openssl pkey -pubin -in key.pem -outform DER | openssl dgst -sm3</c> prints, so an auditor
    /// can match a key to its id with OpenSSL alone.
    /// </summary>
    public static string Of(Sm2PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(Sm3.Hash(key.ExportSubjectPublicKeyInfo()));
    }
}
