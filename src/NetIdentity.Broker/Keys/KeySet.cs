using Microsoft.IdentityModel.Tokens;
using NetIdentity.Data.Keys;

namespace NetIdentity.Broker.Keys;

/// <summary>Where a key is in its life (docs/architecture.md, "Key rotation").</summary>
public enum KeyState
{
    /// <summary>Published (signing keys in JWKS), not used yet: platforms learn it before it signs.</summary>
    Next,

    /// <summary>Signs or encrypts new tokens.</summary>
    Active,

    /// <summary>Replaced, still published and accepted until everything it protected has expired.</summary>
    Retired,

    /// <summary>No longer published nor accepted; its public key stays in the key archive.</summary>
    Archived,

    /// <summary>Declared compromised by an operator: refused at once; in the archive, marked so.</summary>
    Compromised,
}

/// <summary>
/// One key of a <see cref="KeySet"/>: its row, and (in a <see cref="KeyRing"/>) its opened key while
/// it is usable. The lifecycle reads the row only.
/// </summary>
public sealed record RingKey(KeyMaterial Row, SecurityKey? Key);

/// <summary>
/// The keys as read from the database at one moment, and the rules that say, for a given time,
/// which key signs and which are published. Pure: every instance holding the same rows and
/// asking at the same time gets the same answer, which is how instances agree without talking.
/// </summary>
public sealed class KeySet
{
    public KeySet(IReadOnlyList<RingKey> signing, IReadOnlyList<RingKey> encryption)
    {
        Signing = Newest(signing);
        Encryption = Newest(encryption);
    }

    /// <summary>Signing keys, newest generation first.</summary>
    public IReadOnlyList<RingKey> Signing { get; }

    /// <summary>Encryption keys, newest generation first.</summary>
    public IReadOnlyList<RingKey> Encryption { get; }

    public IReadOnlyList<RingKey> Of(string use) => use == KeyUses.Signing ? Signing : Encryption;

    /// <summary>
    /// The key that signs (or encrypts) at <paramref name="now"/>: the newest generation already
    /// activated, not compromised, with its material. Null only if there is none at all.
    /// </summary>
    public static RingKey? Active(IReadOnlyList<RingKey> keys, DateTimeOffset now) =>
        keys.FirstOrDefault(k => Usable(k) && k.Row.ActivatesAt <= now);

    /// <summary>
    /// When the key stopped signing: the activation of the first later generation that did take
    /// over (a successor compromised before it activated never did). Null while nothing replaced it.
    /// </summary>
    public static DateTimeOffset? RetiredAt(IReadOnlyList<RingKey> keys, KeyMaterial row)
    {
        DateTimeOffset? retired = null;
        foreach (var later in keys.Where(k => k.Row.Generation > row.Generation))
        {
            var tookOver = later.Row.CompromisedAt is not { } compromised || compromised > later.Row.ActivatesAt;
            if (tookOver && (retired is null || later.Row.ActivatesAt < retired))
            {
                retired = later.Row.ActivatesAt;
            }
        }

        return retired;
    }

    /// <summary>
    /// The state of a key at <paramref name="now"/>, given <paramref name="retention"/>: how long
    /// a retired key must still verify (signing) or decrypt (encryption) what it protected — the
    /// longest lifetime of anything it protected.
    /// </summary>
    public static KeyState StateOf(IReadOnlyList<RingKey> keys, RingKey key, DateTimeOffset now, TimeSpan retention)
    {
        if (key.Row.CompromisedAt is not null)
        {
            return KeyState.Compromised;
        }

        if (key.Row.ArchivedAt is not null || key.Row.ProtectedMaterial is null)
        {
            return KeyState.Archived;
        }

        if (key.Row.ActivatesAt > now)
        {
            return KeyState.Next;
        }

        if (ReferenceEquals(Active(keys, now), key))
        {
            return KeyState.Active;
        }

        // A key activated but not the active one was replaced; a key replaced before it ever
        // activated cannot be (its successor activates later) — so RetiredAt has a value here.
        var retiredAt = RetiredAt(keys, key.Row) ?? now;
        return now < Saturating(retiredAt, retention) ? KeyState.Retired : KeyState.Archived;
    }

    /// <summary>
    /// The keys published and accepted at <paramref name="now"/>: next, active and retired, the
    /// active one first. What OpenIddict validates with and the JWKS lists.
    /// </summary>
    public static IReadOnlyList<RingKey> Published(IReadOnlyList<RingKey> keys, DateTimeOffset now, TimeSpan retention)
    {
        var active = Active(keys, now);
        return
        [
            .. active is null ? [] : new[] { active },
            .. keys.Where(k => !ReferenceEquals(k, active)
                && StateOf(keys, k, now, retention) is KeyState.Next or KeyState.Retired),
        ];
    }

    /// <summary>The published key ids of both uses, to tell when OpenIddict must be given a new set.</summary>
    public string Fingerprint(DateTimeOffset now, TimeSpan retention) =>
        string.Join(',', Published(Signing, now, retention).Select(k => k.Row.KeyId))
        + ';' + string.Join(',', Published(Encryption, now, retention).Select(k => k.Row.KeyId));

    /// <summary>The keys newest generation first, the order every rule here reads them in.</summary>
    public static IReadOnlyList<RingKey> Newest(IEnumerable<RingKey> keys) => [.. keys.OrderByDescending(k => k.Row.Generation)];

    internal static DateTimeOffset Saturating(DateTimeOffset time, TimeSpan add) =>
        DateTimeOffset.MaxValue - time < add ? DateTimeOffset.MaxValue : time + add;

    /// <summary>Whether a key may sign or encrypt: it has its material, and is neither compromised nor archived.</summary>
    public static bool Usable(RingKey key) =>
        key.Row.ProtectedMaterial is not null && key.Row.CompromisedAt is null && key.Row.ArchivedAt is null;
}
