namespace NetIdentity.Data.Audit;

/// <summary>
/// A bizSeq whose credential was accepted. Its primary key makes the second acceptance of the
/// same bizSeq fail in the database, on every instance at once (authority-contract §8.3: a
/// credential's bizSeq is accepted once).
/// </summary>
public sealed class ConsumedBizSeq
{
    public required string BizSeq { get; init; }

    public required string ClientId { get; init; }

    public required DateTimeOffset ConsumedAt { get; init; }

    /// <summary>
    /// When the one authorization code of this verification was issued; null until then
    /// (<see cref="EfCodeIssuance"/>).
    /// </summary>
    public DateTimeOffset? CodeIssuedAt { get; init; }
}
