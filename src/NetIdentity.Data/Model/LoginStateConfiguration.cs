using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetIdentity.Data.Login;

namespace NetIdentity.Data.Model;

internal sealed class LoginStateConfiguration : IEntityTypeConfiguration<LoginStateRecord>
{
    public const string Table = "login_states";

    public void Configure(EntityTypeBuilder<LoginStateRecord> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(l => l.Key).HasName("pk_login_states");

        builder.Property(l => l.Key).HasColumnName("key").HasMaxLength(ColumnLengths.LoginKey).ValueGeneratedNever();
        builder.Property(l => l.LoginId).HasColumnName("login_id").HasMaxLength(ColumnLengths.LoginId);
        builder.Property(l => l.ClientId).HasColumnName("client_id").HasMaxLength(ColumnLengths.ClientId);
        builder.Property(l => l.Version).HasColumnName("version");
        builder.Property(l => l.State).HasColumnName("state").HasMaxLength(ColumnLengths.LoginState);
        builder.Property(l => l.Payload).HasColumnName("payload");
        builder.Property(l => l.CreatedAt).HasColumnName("created_at");
        builder.Property(l => l.ExpiresAt).HasColumnName("expires_at");

        // The purge finds what expired without reading the rest.
        builder.HasIndex(l => l.ExpiresAt).HasDatabaseName("ix_login_states_expires_at");
    }
}
