namespace NetIdentity.Data.Keys;

/// <summary>
/// A signing or encryption key shared by every broker instance. <see cref="ProtectedMaterial"/> is
/// already protected by the caller with ASP.NET Core Data Protection: this layer stores and returns
/// it, and never sees a raw key.
/// </summary>
public sealed class KeyMaterial
{
    /// <summary>The <c>kid</c>; at most 64 characters.</summary>
    public required string KeyId { get; init; }

    /// <summary><see cref="KeyUses.Signing"/> or <see cref="KeyUses.Encryption"/> (RFC 7517 §4.2).</summary>
    public required string Use { get; init; }

    /// <summary>The JOSE algorithm, e.g. <c>ES256</c> or <c>A256KW</c>; at most 32 characters.</summary>
    public required string Algorithm { get; init; }

    public required string ProtectedMaterial { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the key stopped being used for new tokens; it may still verify old ones.</summary>
    public DateTimeOffset? RetiredAt { get; init; }
}
