using NetIdentity.Core.Consent;
using NetIdentity.Data.Model;

namespace NetIdentity.Data.Consent;

/// <summary>
/// One row of <c>identity_deliveries</c>: an <see cref="IdentityDelivery"/> as stored. The
/// envelope is the authority's sealed SM2 envelope, byte for byte; this layer never opens it, so
/// no plaintext identity is at rest (PRODUCT rule 7).
/// </summary>
internal sealed class IdentityDeliveryRecord
{
    public required string Id { get; init; }

    public required string ClientId { get; init; }

    public required string Subject { get; init; }

    public required string BizSeq { get; init; }

    public required byte[] Envelope { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <exception cref="ArgumentException">A field is missing or too long, or the delivery would wait too long.</exception>
    public static IdentityDeliveryRecord From(IdentityDelivery delivery)
    {
        const string Parameter = "delivery";
        Field.Required(delivery.Id, ColumnLengths.RecordId, "A delivery's Id", Parameter);
        Field.Required(delivery.ClientId, ColumnLengths.ClientId, "A delivery's ClientId", Parameter);
        Field.Required(delivery.Subject, ColumnLengths.Subject, "A delivery's Subject", Parameter);
        Field.Required(delivery.BizSeq, ColumnLengths.BizSeq, "A delivery's BizSeq", Parameter);
        if (delivery.Envelope is null || delivery.Envelope.Length == 0)
        {
            throw new ArgumentException("A delivery carries the authority's sealed envelope; this one is empty.", Parameter);
        }

        var createdAt = StoredTime.Normalize(delivery.CreatedAt);
        var expiresAt = StoredTime.Normalize(delivery.ExpiresAt);

        // Sealed identity waits at most IIdentityDeliveries.Lifetime (PRODUCT rule 7): a longer
        // wait is a caller's mistake, refused here rather than kept.
        if (expiresAt <= createdAt || expiresAt - createdAt > IIdentityDeliveries.Lifetime)
        {
            throw new ArgumentException(
                $"A delivery expires after it is created and at most {IIdentityDeliveries.Lifetime.TotalMinutes:0} minutes later; "
                + $"this one is created at {createdAt:O} and expires at {expiresAt:O}.",
                Parameter);
        }

        return new IdentityDeliveryRecord
        {
            Id = delivery.Id,
            ClientId = delivery.ClientId,
            Subject = delivery.Subject,
            BizSeq = delivery.BizSeq,
            Envelope = delivery.Envelope.ToArray(),
            CreatedAt = createdAt,
            ExpiresAt = expiresAt,
        };
    }

    public IdentityDelivery ToDelivery() => new()
    {
        Id = Id,
        ClientId = ClientId,
        Subject = Subject,
        BizSeq = BizSeq,
        Envelope = Envelope,
        CreatedAt = CreatedAt,
        ExpiresAt = ExpiresAt,
    };

    /// <summary>Whether <paramref name="other"/> holds exactly this delivery (a repeated write of it).</summary>
    public bool SameAs(IdentityDeliveryRecord other) =>
        Id == other.Id
        && ClientId == other.ClientId
        && Subject == other.Subject
        && BizSeq == other.BizSeq
        && Envelope.AsSpan().SequenceEqual(other.Envelope)
        && CreatedAt == other.CreatedAt
        && ExpiresAt == other.ExpiresAt;
}
