using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetIdentity.Data.Keys;

namespace NetIdentity.Data.Model;

internal sealed class KeyMaterialConfiguration : IEntityTypeConfiguration<KeyMaterial>
{
    public const string Table = "key_material";

    public const string GenerationIndex = "ux_key_material_use_generation";

    public void Configure(EntityTypeBuilder<KeyMaterial> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(k => k.KeyId).HasName("pk_key_material");

        builder.Property(k => k.KeyId).HasColumnName("key_id").HasMaxLength(ColumnLengths.KeyId);
        builder.Property(k => k.Use).HasColumnName("use").HasMaxLength(ColumnLengths.KeyUse);
        builder.Property(k => k.Generation).HasColumnName("generation");
        builder.Property(k => k.Algorithm).HasColumnName("algorithm").HasMaxLength(ColumnLengths.Algorithm);
        builder.Property(k => k.ProtectedMaterial).HasColumnName("protected_material");
        builder.Property(k => k.PublicJwk).HasColumnName("public_jwk");
        builder.Property(k => k.CreatedAt).HasColumnName("created_at");
        builder.Property(k => k.ActivatesAt).HasColumnName("activates_at");
        builder.Property(k => k.CompromisedAt).HasColumnName("compromised_at");
        builder.Property(k => k.ArchivedAt).HasColumnName("archived_at");

        // One key per generation and use, enforced by the database, so that instances racing to
        // add the same successor (the first key, a scheduled rotation, an operator's) cannot both
        // win (EfKeyMaterialStore.AddSuccessorAsync). The same on SQLite and PostgreSQL.
        builder.HasIndex(k => new { k.Use, k.Generation })
            .IsUnique()
            .HasDatabaseName(GenerationIndex);
    }
}
