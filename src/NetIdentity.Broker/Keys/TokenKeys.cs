using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.Tokens;
using NetIdentity.Data;
using NetIdentity.Data.Keys;

namespace NetIdentity.Broker.Keys;

/// <summary>
/// The keys OpenIddict signs and encrypts tokens with: an ES256 (P-256) signing key published in
/// JWKS, and an AES-256 key for the tokens only the broker reads (codes, refresh tokens, access
/// tokens). Both are made once, stored protected by ASP.NET Core Data Protection in the
/// database, and loaded once at start-up, so every instance signs with the same key and a
/// restart does not invalidate anything issued.
/// </summary>
public sealed class TokenKeys
{
    private const string Purpose = "NetIdentity.Broker.TokenKeys.v1";

    private SigningCredentials? _signing;
    private EncryptingCredentials? _encryption;

    public SigningCredentials Signing => _signing ?? throw NotLoaded();

    public EncryptingCredentials Encryption => _encryption ?? throw NotLoaded();

    public bool IsLoaded => _signing is not null && _encryption is not null;

    public async Task LoadAsync(IKeyMaterialStore store, IDataProtectionProvider dataProtection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(dataProtection);
        var protector = dataProtection.CreateProtector(Purpose);

        var signing = await store.GetOrAddActiveAsync("sig", () => NewMaterial("sig", "ES256", protector, CreateEcdsaKey()), cancellationToken);
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(Unprotect(protector, signing.ProtectedMaterial), out _);
        _signing = new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = signing.KeyId }, SecurityAlgorithms.EcdsaSha256);

        var encryption = await store.GetOrAddActiveAsync("enc", () => NewMaterial("enc", "A256KW", protector, RandomNumberGenerator.GetBytes(32)), cancellationToken);
        _encryption = new EncryptingCredentials(
            new SymmetricSecurityKey(Unprotect(protector, encryption.ProtectedMaterial)) { KeyId = encryption.KeyId },
            SecurityAlgorithms.Aes256KW,
            SecurityAlgorithms.Aes256CbcHmacSha512);
    }

    private static byte[] CreateEcdsaKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKey();
    }

    private static KeyMaterial NewMaterial(string use, string algorithm, IDataProtector protector, byte[] secret)
    {
        try
        {
            return new KeyMaterial
            {
                KeyId = $"{use}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}",
                Use = use,
                Algorithm = algorithm,
                ProtectedMaterial = protector.Protect(Convert.ToBase64String(secret)),
                CreatedAt = DateTimeOffset.UtcNow,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static byte[] Unprotect(IDataProtector protector, string material) =>
        Convert.FromBase64String(protector.Unprotect(material));

    private static InvalidOperationException NotLoaded() =>
        new("Token keys are not loaded: call InitializeBrokerAsync() before the host starts serving.");
}
