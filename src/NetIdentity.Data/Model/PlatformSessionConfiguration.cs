using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetIdentity.Data.Sessions;

namespace NetIdentity.Data.Model;

/// <summary>
/// <c>platform_sessions</c>: the logins a back-channel logout can name (issue 12 §2,
/// docs/events.md). Found by person (and platform) when the person signs out or withdraws
/// everything, by <c>sid</c> when a platform ends one itself; purged when expired.
/// </summary>
internal sealed class PlatformSessionConfiguration : IEntityTypeConfiguration<PlatformSessionRecord>
{
    public const string Table = "platform_sessions";

    public void Configure(EntityTypeBuilder<PlatformSessionRecord> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(s => s.Sid).HasName("pk_platform_sessions");
        builder.Property(s => s.Sid).HasColumnName("sid").HasMaxLength(ColumnLengths.SessionId).ValueGeneratedNever();
        builder.Property(s => s.ClientId).HasColumnName("client_id").HasMaxLength(ColumnLengths.ClientId);
        builder.Property(s => s.Subject).HasColumnName("subject").HasMaxLength(ColumnLengths.Subject);
        builder.Property(s => s.PersonKey).HasColumnName("person_key").HasMaxLength(ColumnLengths.Subject);
        builder.Property(s => s.CreatedAt).HasColumnName("created_at");
        builder.Property(s => s.ExpiresAt).HasColumnName("expires_at");

        builder.HasIndex(s => new { s.PersonKey, s.ClientId }).HasDatabaseName("ix_platform_sessions_person_client");
        builder.HasIndex(s => s.ExpiresAt).HasDatabaseName("ix_platform_sessions_expires_at");
    }
}
