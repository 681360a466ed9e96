using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetIdentity.Data.Consent;

namespace NetIdentity.Data.Model;

internal sealed class IdentityDeliveryConfiguration : IEntityTypeConfiguration<IdentityDeliveryRecord>
{
    public const string Table = "identity_deliveries";

    public void Configure(EntityTypeBuilder<IdentityDeliveryRecord> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(d => d.Id).HasName("pk_identity_deliveries");

        builder.Property(d => d.Id).HasColumnName("id").HasMaxLength(ColumnLengths.RecordId).ValueGeneratedNever();
        builder.Property(d => d.ClientId).HasColumnName("client_id").HasMaxLength(ColumnLengths.ClientId);
        builder.Property(d => d.Subject).HasColumnName("subject").HasMaxLength(ColumnLengths.Subject);
        builder.Property(d => d.BizSeq).HasColumnName("biz_seq").HasMaxLength(ColumnLengths.BizSeq);
        builder.Property(d => d.Envelope).HasColumnName("envelope");
        builder.Property(d => d.CreatedAt).HasColumnName("created_at");
        builder.Property(d => d.ExpiresAt).HasColumnName("expires_at");

        // The purge finds what expired without reading the rest.
        builder.HasIndex(d => d.ExpiresAt).HasDatabaseName("ix_identity_deliveries_expires_at");
    }
}
