using NetIdentity.Core.Consent;
using NetIdentity.Data.Model;

namespace NetIdentity.Data.Consent;

/// <summary>
/// One row of the consent ledger: a <see cref="ConsentRecord"/> as stored. Pseudonymous keys, the
/// items as integers (<see cref="ConsentItemList"/>), the decision as its enum value; never a
/// name, an ID number or a phone (PRODUCT rule 7).
/// </summary>
internal sealed class ConsentLedgerRecord
{
    public required string Id { get; init; }

    public required DateTimeOffset Time { get; init; }

    public required string PersonKey { get; init; }

    public required string Subject { get; init; }

    public required string ClientId { get; init; }

    public required string Items { get; init; }

    public required string PurposeVersion { get; init; }

    public string? LegalBasis { get; init; }

    public string? Retention { get; init; }

    public string? GuardianKey { get; init; }

    public required ConsentDecision Decision { get; init; }

    public string? Withdraws { get; init; }

    public string? Receipt { get; init; }

    /// <exception cref="ArgumentException">A field is missing, too long or out of range.</exception>
    public static ConsentLedgerRecord From(ConsentRecord record)
    {
        const string Parameter = "record";
        Field.Required(record.Id, ColumnLengths.RecordId, "A consent entry's Id", Parameter);
        Field.Required(record.PersonKey, ColumnLengths.Subject, "A consent entry's PersonKey", Parameter);
        Field.Required(record.Subject, ColumnLengths.Subject, "A consent entry's Subject", Parameter);
        Field.Required(record.ClientId, ColumnLengths.ClientId, "A consent entry's ClientId", Parameter);
        Field.Required(record.PurposeVersion, ColumnLengths.PurposeVersion, "A consent entry's PurposeVersion", Parameter);
        Field.Optional(record.GuardianKey, ColumnLengths.Subject, "A consent entry's GuardianKey", Parameter);
        Field.Optional(record.Withdraws, ColumnLengths.RecordId, "A consent entry's Withdraws", Parameter);
        if (record.Items is null || record.Items.Count == 0 || record.Items.Any(item => !Enum.IsDefined(item)))
        {
            throw new ArgumentException("A consent entry names at least one item, each a defined ConsentItem.", Parameter);
        }

        if (!Enum.IsDefined(record.Decision))
        {
            throw new ArgumentException($"A consent entry's Decision is Granted, Refused or Withdrawn, not {(int)record.Decision}.", Parameter);
        }

        var items = ConsentItemList.Format(record.Items);
        Field.Required(items, ColumnLengths.ConsentItems, "A consent entry's Items", Parameter);

        return new ConsentLedgerRecord
        {
            Id = record.Id,
            Time = StoredTime.Normalize(record.Time),
            PersonKey = record.PersonKey,
            Subject = record.Subject,
            ClientId = record.ClientId,
            Items = items,
            PurposeVersion = record.PurposeVersion,
            LegalBasis = record.LegalBasis,
            Retention = record.Retention,
            GuardianKey = record.GuardianKey,
            Decision = record.Decision,
            Withdraws = record.Withdraws,
            Receipt = record.Receipt,
        };
    }

    public ConsentRecord ToConsentRecord() => new()
    {
        Id = Id,
        Time = Time,
        PersonKey = PersonKey,
        Subject = Subject,
        ClientId = ClientId,
        Items = ConsentItemList.Parse(Items),
        PurposeVersion = PurposeVersion,
        LegalBasis = LegalBasis,
        Retention = Retention,
        GuardianKey = GuardianKey,
        Decision = Decision,
        Withdraws = Withdraws,
        Receipt = Receipt,
    };

    /// <summary>Whether <paramref name="other"/> holds exactly this entry (a repeated write of it).</summary>
    public bool SameAs(ConsentLedgerRecord other) =>
        Id == other.Id
        && Time == other.Time
        && PersonKey == other.PersonKey
        && Subject == other.Subject
        && ClientId == other.ClientId
        && Items == other.Items
        && PurposeVersion == other.PurposeVersion
        && LegalBasis == other.LegalBasis
        && Retention == other.Retention
        && GuardianKey == other.GuardianKey
        && Decision == other.Decision
        && Withdraws == other.Withdraws
        && Receipt == other.Receipt;
}
