using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NetIdentity.Data.Consent;

namespace NetIdentity.Data.Model;

internal sealed class ConsentLedgerConfiguration : IEntityTypeConfiguration<ConsentLedgerRecord>
{
    public const string Table = "consent_ledger";

    public void Configure(EntityTypeBuilder<ConsentLedgerRecord> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(r => r.Id).HasName("pk_consent_ledger");

        builder.Property(r => r.Id).HasColumnName("id").HasMaxLength(ColumnLengths.RecordId).ValueGeneratedNever();
        builder.Property(r => r.Time).HasColumnName("time");
        builder.Property(r => r.PersonKey).HasColumnName("person_key").HasMaxLength(ColumnLengths.Subject);
        builder.Property(r => r.Subject).HasColumnName("subject").HasMaxLength(ColumnLengths.Subject);
        builder.Property(r => r.ClientId).HasColumnName("client_id").HasMaxLength(ColumnLengths.ClientId);
        // ConsentItem values as comma-separated integers (ConsentItemList).
        builder.Property(r => r.Items).HasColumnName("items").HasMaxLength(ColumnLengths.ConsentItems);
        builder.Property(r => r.PurposeVersion).HasColumnName("purpose_version").HasMaxLength(ColumnLengths.PurposeVersion);
        builder.Property(r => r.LegalBasis).HasColumnName("legal_basis");
        builder.Property(r => r.Retention).HasColumnName("retention");
        builder.Property(r => r.GuardianKey).HasColumnName("guardian_key").HasMaxLength(ColumnLengths.Subject);
        // ConsentDecision's integer value (1 granted, 2 refused, 3 withdrawn).
        builder.Property(r => r.Decision).HasColumnName("decision");
        builder.Property(r => r.Withdraws).HasColumnName("withdraws").HasMaxLength(ColumnLengths.RecordId);
        builder.Property(r => r.Receipt).HasColumnName("receipt");

        // "My authorizations" lists a person's entries newest first: those about them, and those
        // they decided as a guardian (PIPL Art. 31); the consent screen reads one platform's.
        builder.HasIndex(r => new { r.PersonKey, r.Time }).HasDatabaseName("ix_consent_ledger_person_time");
        // Most entries have no guardian; only those that have one are indexed. A lookup by
        // guardian_key = @key implies the filter, on both providers.
        builder.HasIndex(r => new { r.GuardianKey, r.Time })
            .HasFilter("guardian_key IS NOT NULL")
            .HasDatabaseName("ix_consent_ledger_guardian_time");
        builder.HasIndex(r => new { r.PersonKey, r.ClientId, r.Time }).HasDatabaseName("ix_consent_ledger_person_client_time");
    }
}
