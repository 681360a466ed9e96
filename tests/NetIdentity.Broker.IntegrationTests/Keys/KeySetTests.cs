using NetIdentity.Broker.Keys;
using NetIdentity.Data.Keys;

namespace NetIdentity.Broker.IntegrationTests.Keys;

/// <summary>
/// The lifecycle rules every instance applies to the same rows (docs/architecture.md, "Key
/// rotation"): pure, so instances agree; here the cases the broker tests reach only slowly.
/// </summary>
public sealed class KeySetTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    [Fact]
    public void Active_WhenTheNextKeyIsStillAhead_IsTheOlderKey()
    {
        IReadOnlyList<RingKey> keys = KeySet.Newest([Key(1, T0), Key(2, T0.AddDays(10))]);

        var active = KeySet.Active(keys, T0.AddDays(9));

        Assert.Equal(1, active!.Row.Generation);
        Assert.Equal(KeyState.Next, KeySet.StateOf(keys, keys[0], T0.AddDays(9), Retention));
        Assert.Equal(2, KeySet.Published(keys, T0.AddDays(9), Retention).Count);
    }

    [Fact]
    public void StateOf_ARetiredKey_IsRetiredForTheRetentionThenArchived()
    {
        IReadOnlyList<RingKey> keys = KeySet.Newest([Key(1, T0), Key(2, T0.AddDays(10))]);
        var old = keys[1];

        Assert.Equal(KeyState.Retired, KeySet.StateOf(keys, old, T0.AddDays(10).AddHours(23), Retention));
        Assert.Equal(KeyState.Archived, KeySet.StateOf(keys, old, T0.AddDays(11), Retention));
        Assert.Equal(["2"], KeySet.Published(keys, T0.AddDays(11), Retention).Select(k => k.Row.KeyId));
    }

    [Fact]
    public void RetiredAt_WhenTheSuccessorWasCompromisedBeforeItActivated_IsNull()
    {
        IReadOnlyList<RingKey> keys = KeySet.Newest([Key(1, T0), Key(2, T0.AddDays(10), compromisedAt: T0.AddDays(5))]);

        Assert.Null(KeySet.RetiredAt(keys, keys[1].Row));
        Assert.Equal(1, KeySet.Active(keys, T0.AddDays(20))!.Row.Generation);
        Assert.Equal(KeyState.Compromised, KeySet.StateOf(keys, keys[0], T0.AddDays(20), Retention));
        Assert.Equal(["1"], KeySet.Published(keys, T0.AddDays(20), Retention).Select(k => k.Row.KeyId));
    }

    [Fact]
    public void Published_WithAnUnboundedRetention_KeepsEveryUncompromisedKey()
    {
        IReadOnlyList<RingKey> keys = KeySet.Newest([Key(1, T0), Key(2, T0.AddDays(1)), Key(3, T0.AddDays(2))]);

        var published = KeySet.Published(keys, T0.AddYears(50), KeyRetention.Unbounded);

        Assert.Equal(["3", "2", "1"], published.Select(k => k.Row.KeyId));
    }

    private static RingKey Key(int generation, DateTimeOffset activatesAt, DateTimeOffset? compromisedAt = null) => new(
        new KeyMaterial
        {
            KeyId = generation.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Use = KeyUses.Signing,
            Generation = generation,
            Algorithm = "ES256",
            ProtectedMaterial = "protected",
            CreatedAt = activatesAt.AddDays(-1),
            ActivatesAt = activatesAt,
            CompromisedAt = compromisedAt,
        },
        null);
}
