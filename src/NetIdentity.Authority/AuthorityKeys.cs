using Microsoft.Extensions.Options;
using NetIdentity.Cryptography;

namespace NetIdentity.Authority;

/// <summary>The keys the adapter uses, parsed once at start-up and shared (thread-safe).</summary>
public sealed class AuthorityKeys
{
    public AuthorityKeys(IOptions<AuthorityOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        OrganisationKey = Sm2PrivateKey.FromPem(value.OrganisationPrivateKeyPem);
        SigningKeys = value.SigningKeys.ToDictionary(k => k.KeyId, k => Sm2PublicKey.FromPem(k.PublicKeyPem), StringComparer.Ordinal);
        EncryptionKey = Sm2PublicKey.FromPem(value.EncryptionPublicKeyPem);
    }

    /// <summary>Signs requests; opens plaintext envelopes sealed to the organisation.</summary>
    public Sm2PrivateKey OrganisationKey { get; }

    /// <summary>The pinned authority signing keys by key id.</summary>
    public IReadOnlyDictionary<string, Sm2PublicKey> SigningKeys { get; }

    /// <summary>The authority's key for envelopes the broker sends it.</summary>
    public Sm2PublicKey EncryptionKey { get; }
}
