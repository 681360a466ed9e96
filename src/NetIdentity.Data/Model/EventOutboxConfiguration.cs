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
        builder.Property(m => m.ClientId).HasColumnName("client_id").HasMaxLength(ColumnLengths.ClientId);
        builder.Property(m => m.Endpoint).HasColumnName("endpoint");
        builder.Property(m => m.Payload).HasColumnName("payload");
        builder.Property(m => m.CreatedAt).HasColumnName("created_at");
        builder.Property(m => m.Attempts).HasColumnName("attempts");
        builder.Property(m => m.NextAttemptAt).HasColumnName("next_attempt_at");
        builder.Property(m => m.DeliveredAt).HasColumnName("delivered_at");
        builder.Property(m => m.LastError).HasColumnName("last_error").HasMaxLength(ColumnLengths.LastError);

        // The sender's poll: undelivered (delivered_at IS NULL) and due (next_attempt_at <= now).
        builder.HasIndex(m => new { m.DeliveredAt, m.NextAttemptAt }).HasDatabaseName("ix_event_outbox_due");
    }
}
