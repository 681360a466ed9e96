using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetIdentity.Data.Audit;

namespace NetIdentity.Data.Model;

internal sealed class ConsumedBizSeqConfiguration : IEntityTypeConfiguration<ConsumedBizSeq>
{
    public const string Table = "consumed_biz_seqs";

    public void Configure(EntityTypeBuilder<ConsumedBizSeq> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(c => c.BizSeq).HasName("pk_consumed_biz_seqs");

        builder.Property(c => c.BizSeq).HasColumnName("biz_seq").HasMaxLength(ColumnLengths.BizSeq).IsFixedLength();
        builder.Property(c => c.ClientId).HasColumnName("client_id").HasMaxLength(ColumnLengths.ClientId);
        builder.Property(c => c.ConsumedAt).HasColumnName("consumed_at");
        builder.Property(c => c.CodeIssuedAt).HasColumnName("code_issued_at");
    }
}
