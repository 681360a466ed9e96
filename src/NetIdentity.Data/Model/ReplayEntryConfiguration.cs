using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetIdentity.Data.Protocol;

namespace NetIdentity.Data.Model;

/// <summary>
/// <c>replay_entries</c>: the shared replay cache of issue 9 §6 (client assertion and DPoP
/// <c>jti</c>s, pushed <c>request_uri</c>s). The primary key is the atomic check.
/// </summary>
internal sealed class ReplayEntryConfiguration : IEntityTypeConfiguration<ReplayEntryRecord>
{
    public const string Table = "replay_entries";

    public void Configure(EntityTypeBuilder<ReplayEntryRecord> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(r => r.Key).HasName("pk_replay_entries");
        builder.Property(r => r.Key).HasColumnName("key").HasMaxLength(ColumnLengths.Hash).ValueGeneratedNever();
        builder.Property(r => r.ExpiresAt).HasColumnName("expires_at");

        // The purge finds what expired without reading the rest.
        builder.HasIndex(r => r.ExpiresAt).HasDatabaseName("ix_replay_entries_expires_at");
    }
}
