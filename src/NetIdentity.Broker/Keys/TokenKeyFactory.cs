using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Data.Keys;

namespace NetIdentity.Broker.Keys;

/// <summary>
/// Makes token keys and opens stored ones: ES256 (P-256) signing keys, whose public part is also
/// kept as a JWK for the key archive, and AES-256 key-wrapping keys for the tokens only the broker
/// reads. Private material is stored protected by ASP.NET Core Data Protection.
/// </summary>
public sealed class TokenKeyFactory(IDataProtectionProvider dataProtection)
{
    // The purpose the stored keys have been protected under since the first release (the class was
    // TokenKeys then): another would make every stored key unreadable.
    private const string Purpose = "NetIdentity.Broker.TokenKeys.v1";

    public const string SigningAlgorithm = SecurityAlgorithms.EcdsaSha256;

    public const string EncryptionAlgorithm = SecurityAlgorithms.Aes256KW;

    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);

    /// <summary>A new key of <paramref name="use"/>, generation <paramref name="generation"/>, used from <paramref name="activatesAt"/>.</summary>
    public KeyMaterial Create(string use, int generation, DateTimeOffset now, DateTimeOffset activatesAt)
    {
        var keyId = $"{use}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
        if (use == KeyUses.Signing)
        {
            using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return Row(keyId, use, generation, SigningAlgorithm, ecdsa.ExportPkcs8PrivateKey(), PublicJwk(keyId, ecdsa.ExportParameters(false)), now, activatesAt);
        }

        return Row(keyId, use, generation, EncryptionAlgorithm, RandomNumberGenerator.GetBytes(32), null, now, activatesAt);
    }

    /// <summary>The usable key of a stored row, or null once its private material is erased.</summary>
    public SecurityKey? Open(KeyMaterial row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.ProtectedMaterial is null)
        {
            return null;
        }

        var secret = Convert.FromBase64String(_protector.Unprotect(row.ProtectedMaterial));
        try
        {
            if (row.Use == KeyUses.Signing)
            {
                var ecdsa = ECDsa.Create();
                ecdsa.ImportPkcs8PrivateKey(secret, out _);
                return new ECDsaSecurityKey(ecdsa) { KeyId = row.KeyId };
            }

            return new SymmetricSecurityKey(secret.ToArray()) { KeyId = row.KeyId };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>The public JWK of a P-256 key: kty, crv, x, y, kid, use, alg; never <c>d</c>.</summary>
    internal static string PublicJwk(string keyId, ECParameters parameters) =>
        JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64UrlEncoder.Encode(parameters.Q.X),
            ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y),
            ["kid"] = keyId,
            ["use"] = KeyUses.Signing,
            ["alg"] = SigningAlgorithm,
        });

    private KeyMaterial Row(
        string keyId, string use, int generation, string algorithm, byte[] secret, string? publicJwk, DateTimeOffset now, DateTimeOffset activatesAt)
    {
        try
        {
            return new KeyMaterial
            {
                KeyId = keyId,
                Use = use,
                Generation = generation,
                Algorithm = algorithm,
                ProtectedMaterial = _protector.Protect(Convert.ToBase64String(secret)),
                PublicJwk = publicJwk,
                CreatedAt = now,
                ActivatesAt = activatesAt,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
