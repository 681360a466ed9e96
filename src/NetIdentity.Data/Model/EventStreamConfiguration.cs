using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetIdentity.Data.Streams;

namespace NetIdentity.Data.Model;

/// <summary>
/// <c>ssf_streams</c>: the platforms' SSF event streams (docs/events.md, "SSF"). One per platform
/// (a unique index on the client id: two instances creating at once cannot both succeed).
/// </summary>
internal sealed class EventStreamConfiguration : IEntityTypeConfiguration<EventStreamRecord>
{
    public const string Table = "ssf_streams";

    public void Configure(EntityTypeBuilder<EventStreamRecord> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(s => s.Id).HasName("pk_ssf_streams");
        builder.Property(s => s.Id).HasColumnName("id").HasMaxLength(ColumnLengths.StreamId).ValueGeneratedNever();
        builder.Property(s => s.ClientId).HasColumnName("client_id").HasMaxLength(ColumnLengths.ClientId);
        builder.Property(s => s.Delivery).HasColumnName("delivery");
        builder.Property(s => s.EndpointUrl).HasColumnName("endpoint_url").HasMaxLength(ColumnLengths.StreamText);
        builder.Property(s => s.AuthorizationHeader).HasColumnName("authorization_header").HasMaxLength(ColumnLengths.StreamSecret);
        builder.Property(s => s.EventsRequested).HasColumnName("events_requested").HasMaxLength(ColumnLengths.StreamEvents);
        builder.Property(s => s.Description).HasColumnName("description").HasMaxLength(ColumnLengths.StreamText);
        builder.Property(s => s.Status).HasColumnName("status");
        builder.Property(s => s.StatusReason).HasColumnName("status_reason").HasMaxLength(ColumnLengths.StreamText);
        builder.Property(s => s.CreatedAt).HasColumnName("created_at");
        builder.Property(s => s.UpdatedAt).HasColumnName("updated_at");
        builder.Property(s => s.LastVerificationAt).HasColumnName("last_verification_at");

        builder.HasIndex(s => s.ClientId).IsUnique().HasDatabaseName("ux_ssf_streams_client_id");
    }
}
