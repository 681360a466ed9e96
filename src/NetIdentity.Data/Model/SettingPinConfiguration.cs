using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetIdentity.Data.Settings;

namespace NetIdentity.Data.Model;

internal sealed class SettingPinConfiguration : IEntityTypeConfiguration<SettingPinRecord>
{
    public const string Table = "setting_pins";

    public void Configure(EntityTypeBuilder<SettingPinRecord> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(p => p.Setting).HasName("pk_setting_pins");
        builder.Property(p => p.Setting).HasColumnName("setting").HasMaxLength(ColumnLengths.SettingName).ValueGeneratedNever();
        builder.Property(p => p.Fingerprint).HasColumnName("fingerprint").HasMaxLength(ColumnLengths.Hash);
        builder.Property(p => p.PinnedAt).HasColumnName("pinned_at");
    }
}
