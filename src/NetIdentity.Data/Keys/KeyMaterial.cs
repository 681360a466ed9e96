namespace NetIdentity.Data.Keys;

/// <summary>
/// A signing or encryption key shared by every broker instance, with the times that decide its
/// lifecycle (docs/architecture.md, "Key rotation"). <see cref="ProtectedMaterial"/> is already
/// protected by the caller with ASP.NET Core Data Protection: this layer stores and returns it, and
/// never sees a raw key.
/// </summary>
/// <remarks>
/// The database, not an instance's memory, says which key signs: a key is used from
/// <see cref="ActivatesAt"/> until its successor's (the next <see cref="Generation"/>) activation
/// time, unless it is <see cref="CompromisedAt">compromised</see>. Every instance reads the same
/// rows, so every instance agrees.
/// </remarks>
public sealed class KeyMaterial
{
    /// <summary>The <c>kid</c>; at most 64 characters.</summary>
    public required string KeyId { get; init; }

    /// <summary><see cref="KeyUses.Signing"/> or <see cref="KeyUses.Encryption"/> (RFC 7517 §4.2).</summary>
    public required string Use { get; init; }

    /// <summary>
    /// 1 for the first key of a use, then one more for each successor. Unique per use: two instances
    /// that both add generation n+1 cannot both succeed (<see cref="IKeyMaterialStore.AddSuccessorAsync"/>).
    /// </summary>
    public required int Generation { get; init; }

    /// <summary>The JOSE algorithm, e.g. <c>ES256</c> or <c>A256KW</c>; at most 32 characters.</summary>
    public required string Algorithm { get; init; }

    /// <summary>The private or secret key, protected; null once the key is archived (its private part erased).</summary>
    public string? ProtectedMaterial { get; init; }

    /// <summary>
    /// The public key as a JWK (RFC 7517), for asymmetric keys: kept after the private part is
    /// erased, so receipts and events verify for ever (the key archive). Never private material.
    /// </summary>
    public string? PublicJwk { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>From when the key signs or encrypts new tokens; before that it is only published.</summary>
    public required DateTimeOffset ActivatesAt { get; init; }

    /// <summary>When an operator declared the key compromised: from then on it is neither published nor accepted.</summary>
    public DateTimeOffset? CompromisedAt { get; init; }

    /// <summary>When the private part was erased, everything the key protected having expired.</summary>
    public DateTimeOffset? ArchivedAt { get; init; }
}
