using Microsoft.Extensions.Options;
using NetIdentity.Authority;
using NetIdentity.Core.Audit;
using NetIdentity.Cryptography;

namespace NetIdentity.Broker.Audit;

/// <summary>
/// Which keys sign and verify audit checkpoints and export manifests. The signer is the
/// organisation key (<see cref="AuthorityKeys.OrganisationKey"/>): the SM2 identity the broker
/// registered with the national platform, whose public key the authority already holds, so an
/// export handed to an authority is signed by a key it can attribute to the operator without a new
/// key to distribute (docs/audit.md, "Which key signs"). Trusted for verification: that key and the
/// <see cref="AuditOptions.FormerPublicKeys"/>.
/// </summary>
public sealed class AuditKeys
{
    public AuditKeys(AuthorityKeys authority, IOptions<AuditOptions> options)
    {
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentNullException.ThrowIfNull(options);
        Signing = new AuditSigningKey(authority.OrganisationKey);
        var trusted = new Dictionary<string, Sm2PublicKey>(StringComparer.Ordinal) { [Signing.KeyId] = Signing.PublicKey };
        foreach (var pem in options.Value.FormerPublicKeys)
        {
            var key = Sm2PublicKey.FromPem(pem);
            trusted.TryAdd(AuditKeyId.Of(key), key);
        }

        Trusted = trusted;
    }

    public AuditSigningKey Signing { get; }

    /// <summary>The keys a checkpoint may be signed with, by <see cref="AuditKeyId"/>.</summary>
    public IReadOnlyDictionary<string, Sm2PublicKey> Trusted { get; }
}
