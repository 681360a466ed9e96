using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetIdentity.Data.Keys;

namespace NetIdentity.Data.Model;

internal sealed class KeyMaterialConfiguration : IEntityTypeConfiguration<KeyMaterial>
{
    public const string Table = "key_material";

    public void Configure(EntityTypeBuilder<KeyMaterial> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(k => k.KeyId).HasName("pk_key_material");

        builder.Property(k => k.KeyId).HasColumnName("key_id").HasMaxLength(ColumnLengths.KeyId);
        builder.Property(k => k.Use).HasColumnName("use").HasMaxLength(ColumnLengths.KeyUse);
        builder.Property(k => k.Algorithm).HasColumnName("algorithm").HasMaxLength(ColumnLengths.Algorithm);
        builder.Property(k => k.ProtectedMaterial).HasColumnName("protected_material");
        builder.Property(k => k.CreatedAt).HasColumnName("created_at");
        builder.Property(k => k.RetiredAt).HasColumnName("retired_at");

        // At most one active key per use, enforced by the database so that instances racing to
        // create the first key cannot both win (EfKeyMaterialStore.GetOrAddActiveAsync). Partial
        // indexes exist on both SQLite and PostgreSQL, and this filter is valid SQL on both.
        builder.HasIndex(k => k.Use)
            .IsUnique()
            .HasFilter("retired_at IS NULL")
            .HasDatabaseName("ux_key_material_active_use");
    }
}
