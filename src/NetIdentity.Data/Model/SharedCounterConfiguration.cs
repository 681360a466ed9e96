using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetIdentity.Data.Limits;

namespace NetIdentity.Data.Model;

internal sealed class SharedCounterConfiguration : IEntityTypeConfiguration<SharedCounterRecord>
{
    public const string Table = "shared_counters";

    public void Configure(EntityTypeBuilder<SharedCounterRecord> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(c => c.Key).HasName("pk_shared_counters");
        builder.Property(c => c.Key).HasColumnName("counter_key").HasMaxLength(ColumnLengths.Hash).ValueGeneratedNever();
        builder.Property(c => c.Hits).HasColumnName("hits");
        builder.Property(c => c.ExpiresAt).HasColumnName("expires_at");

        // The purge finds what expired without reading the rest.
        builder.HasIndex(c => c.ExpiresAt).HasDatabaseName("ix_shared_counters_expires_at");
    }
}
