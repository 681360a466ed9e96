using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetIdentity.Data.Audit;

namespace NetIdentity.Data.Model;

internal sealed class AuthenticationLogConfiguration : IEntityTypeConfiguration<AuthenticationLogRecord>
{
    public const string Table = "authentication_log";

    public void Configure(EntityTypeBuilder<AuthenticationLogRecord> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(r => r.Id).HasName("pk_authentication_log");

        builder.Property(r => r.Id).HasColumnName("id").ValueGeneratedOnAdd();
        builder.Property(r => r.ChainId).HasColumnName("chain_id").HasMaxLength(ColumnLengths.ChainId).IsFixedLength();
        builder.Property(r => r.Position).HasColumnName("position");
        builder.Property(r => r.Time).HasColumnName("time");
        builder.Property(r => r.ClientId).HasColumnName("client_id").HasMaxLength(ColumnLengths.ClientId);
        builder.Property(r => r.Path).HasColumnName("path").HasMaxLength(ColumnLengths.Path);
        // Not fixed-length: a char(n) column pads, and the hash is over the exact string.
        builder.Property(r => r.BizSeq).HasColumnName("biz_seq").HasMaxLength(ColumnLengths.BizSeq);
        builder.Property(r => r.Mode).HasColumnName("mode").HasMaxLength(ColumnLengths.Mode);
        builder.Property(r => r.ResultCode).HasColumnName("result_code").HasMaxLength(ColumnLengths.ResultCode);
        builder.Property(r => r.Subject).HasColumnName("subject").HasMaxLength(ColumnLengths.Subject);
        builder.Property(r => r.Acr).HasColumnName("acr").HasMaxLength(ColumnLengths.Acr);
        builder.Property(r => r.PreviousHash).HasColumnName("previous_hash").HasMaxLength(ColumnLengths.Hash).IsFixedLength();
        builder.Property(r => r.Hash).HasColumnName("hash").HasMaxLength(ColumnLengths.Hash).IsFixedLength();

        // One writer per chain and no two rows at one place: a second row at a position fails.
        builder.HasIndex(r => new { r.ChainId, r.Position }).IsUnique().HasDatabaseName("ux_authentication_log_chain_position");
        // An authority's request names a period or a person (PRODUCT rule 6).
        builder.HasIndex(r => r.Time).HasDatabaseName("ix_authentication_log_time");
        builder.HasIndex(r => r.Subject).HasDatabaseName("ix_authentication_log_subject");
    }
}
