using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetIdentity.Data.Consent;

namespace NetIdentity.Data.Model;

internal sealed class EventOutboxConfiguration : IEntityTypeConfiguration<EventOutboxRecord>
{
    public const string Table = "event_outbox";

    public void Configure(EntityTypeBuilder<EventOutboxRecord> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(m => m.Id).HasName("pk_event_outbox");

        builder.Property(m => m.Id).HasColumnName("id").HasMaxLength(ColumnLengths.RecordId).ValueGeneratedNever();
        builder.Property(m => m.Kind).HasColumnName("kind");
        builder.Property(m => m.ClientId).HasColumnName("client_id").HasMaxLength(ColumnLengths.ClientId);
        builder.Property(m => m.StreamId).HasColumnName("stream_id").HasMaxLength(ColumnLengths.StreamId);
        builder.Property(m => m.Endpoint).HasColumnName("endpoint");
        builder.Property(m => m.Payload).HasColumnName("payload");
        builder.Property(m => m.CreatedAt).HasColumnName("created_at");
        builder.Property(m => m.Attempts).HasColumnName("attempts");
        builder.Property(m => m.NextAttemptAt).HasColumnName("next_attempt_at");
        builder.Property(m => m.DeliveredAt).HasColumnName("delivered_at");
        builder.Property(m => m.LastError).HasColumnName("last_error").HasMaxLength(ColumnLengths.LastError);
        builder.Property(m => m.FailingSince).HasColumnName("failing_since");
        builder.Property(m => m.DeadLetteredAt).HasColumnName("dead_lettered_at");
        builder.Property(m => m.LeaseOwner).HasColumnName("lease_owner").HasMaxLength(ColumnLengths.LeaseOwner);
        builder.Property(m => m.LeaseExpiresAt).HasColumnName("lease_expires_at");

        // The sender's claim: undelivered (delivered_at IS NULL), not dead (dead_lettered_at IS
        // NULL) and due (next_attempt_at <= now); dead letters stay out of the range it scans.
        builder.HasIndex(m => new { m.DeliveredAt, m.DeadLetteredAt, m.NextAttemptAt }).HasDatabaseName("ix_event_outbox_due");

        // A poll (RFC 8936) reads one stream's unacknowledged events; deleting a stream drops them.
        builder.HasIndex(m => new { m.StreamId, m.DeliveredAt }).HasDatabaseName("ix_event_outbox_stream");
    }
}
