using NetIdentity.Cryptography;

namespace NetIdentity.Authority.Tests.Infrastructure;

/// <summary>
/// The SM2 keys of one test class: the organisation's (signs requests, receives identity
/// envelopes), the authority's signing key (pinned under <see cref="SigningKeyId"/>), the
/// authority's encryption key (receives subject envelopes), and a stranger's key that nobody pinned.
/// </summary>
public sealed class TestKeys
{
    public const string SigningKeyId = "test-sig-2026";

    public Sm2PrivateKey Organisation { get; } = Sm2PrivateKey.Generate();

    public Sm2PrivateKey AuthoritySigning { get; } = Sm2PrivateKey.Generate();

    public Sm2PrivateKey AuthorityEncryption { get; } = Sm2PrivateKey.Generate();

    public Sm2PrivateKey Stranger { get; } = Sm2PrivateKey.Generate();
}
