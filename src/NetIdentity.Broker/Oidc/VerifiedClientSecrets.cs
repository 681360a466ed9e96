using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace NetIdentity.Broker.Oidc;

/// <summary>
/// Remembers, for a few minutes, that a client secret matched its stored PBKDF2 hash, so a
/// platform's every token request does not pay the key derivation again (issue 10: 8–12 % of the
/// broker's CPU in a login). Only a <em>match</em> is remembered, as the SHA-256 of the secret,
/// keyed by the stored hash itself: a wrong secret always goes through PBKDF2 (online guessing
/// costs what it cost before); a rotated secret has a new stored hash (a new salt), so the old
/// secret finds nothing; an entry ends after <see cref="Lifetime"/>. Secrets are at least 32
/// characters of random text (<c>PlatformCatalogValidator</c>), so their SHA-256 in this
/// process's memory is no shortcut to them.
/// </summary>
/// <param name="time">The clock that ends entries.</param>
public sealed class VerifiedClientSecrets(TimeProvider time)
{
    /// <summary>How long a match is remembered.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>At most this many remembered matches; one per platform secret in practice.</summary>
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<string, Entry> _matches = new(StringComparer.Ordinal);

    /// <summary>
    /// True when <paramref name="secret"/> matches <paramref name="storedHash"/>: from memory when
    /// it matched within <see cref="Lifetime"/>, otherwise by <paramref name="verify"/> (the PBKDF2
    /// check), whose match is then remembered.
    /// </summary>
    /// <param name="secret">The secret the client presented.</param>
    /// <param name="storedHash">The application's stored secret hash.</param>
    /// <param name="verify">The full check, for anything not remembered.</param>
    public async ValueTask<bool> IsMatchAsync(string secret, string storedHash, Func<ValueTask<bool>> verify)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(storedHash);
        ArgumentNullException.ThrowIfNull(verify);

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        var now = time.GetUtcNow();
        if (_matches.TryGetValue(storedHash, out var entry) && entry.Until > now
            && CryptographicOperations.FixedTimeEquals(entry.Digest, digest))
        {
            return true;
        }

        if (!await verify())
        {
            return false;
        }

        if (_matches.Count >= Capacity)
        {
            _matches.Clear();
        }

        _matches[storedHash] = new Entry(digest, now + Lifetime);
        return true;
    }

    private sealed record Entry(byte[] Digest, DateTimeOffset Until);
}
