using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetIdentity.Data.Audit;

namespace NetIdentity.Data.Model;

internal sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpointRecord>
{
    public const string Table = "audit_checkpoints";

    public void Configure(EntityTypeBuilder<AuditCheckpointRecord> builder)
    {
        builder.ToTable(Table);

        // The sequence is the key and is chosen by the writer (last + 1): of two instances taking
        // the same number, the second insert fails and it retries on the new last.
        builder.HasKey(r => r.Sequence).HasName("pk_audit_checkpoints");
        builder.Property(r => r.Sequence).HasColumnName("sequence").ValueGeneratedNever();
        builder.Property(r => r.ChainId).HasColumnName("chain_id").HasMaxLength(ColumnLengths.ChainId).IsFixedLength();
        builder.Property(r => r.Position).HasColumnName("position");
        builder.Property(r => r.HeadHash).HasColumnName("head_hash").HasMaxLength(ColumnLengths.Hash).IsFixedLength();
        builder.Property(r => r.Time).HasColumnName("time");
        builder.Property(r => r.Final).HasColumnName("final");
        builder.Property(r => r.PreviousCheckpointHash).HasColumnName("previous_hash").HasMaxLength(ColumnLengths.Hash).IsFixedLength();
        builder.Property(r => r.KeyId).HasColumnName("key_id").HasMaxLength(ColumnLengths.Hash).IsFixedLength();
        builder.Property(r => r.Signature).HasColumnName("signature").HasMaxLength(ColumnLengths.Sm2Signature);
        builder.Property(r => r.Hash).HasColumnName("hash").HasMaxLength(ColumnLengths.Hash).IsFixedLength();

        // An export names the checkpoints of the chains it contains.
        builder.HasIndex(r => new { r.ChainId, r.Position }).HasDatabaseName("ix_audit_checkpoints_chain_position");
    }
}
