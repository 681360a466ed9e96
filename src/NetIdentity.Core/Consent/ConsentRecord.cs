namespace NetIdentity.Core.Consent;

/// <summary>
/// One entry of the consent ledger (PIPL Art. 14, 15, 29, 31): who decided what, for which
/// platform, under which purpose version and legal basis, and when. Append-only: a withdrawal is
/// a new entry, never an edit. Holds pseudonymous keys, never plaintext.
/// </summary>
public sealed record ConsentRecord
{
    public required string Id { get; init; }

    public required DateTimeOffset Time { get; init; }

    /// <summary>The person's key for "my authorizations": their pairwise subject for the broker itself.</summary>
    public required string PersonKey { get; init; }

    /// <summary>The person's pairwise subject for the platform.</summary>
    public required string Subject { get; init; }

    public required string ClientId { get; init; }

    public required IReadOnlyList<ConsentItem> Items { get; init; }

    /// <summary>Changes whenever the purpose, legal basis or retention shown to the person changes.</summary>
    public required string PurposeVersion { get; init; }

    /// <summary>The law that obliges the platform to obtain the data (only for <see cref="ConsentItem.Identity"/>).</summary>
    public string? LegalBasis { get; init; }

    public string? Retention { get; init; }

    /// <summary>The guardian's "my authorizations" key when a guardian decided for a child under 14 (PIPL Art. 31).</summary>
    public string? GuardianKey { get; init; }

    public required ConsentDecision Decision { get; init; }

    /// <summary>For a withdrawal: the grant it withdraws.</summary>
    public string? Withdraws { get; init; }

    /// <summary>The signed consent receipt (a compact JWS the person can download); pseudonymous keys only, never plaintext.</summary>
    public string? Receipt { get; init; }
}

/// <summary>The append-only consent ledger.</summary>
public interface IConsentLedger
{
    Task AppendAsync(ConsentRecord record, CancellationToken cancellationToken);

    /// <summary>Every entry about a person, or decided by them as guardian, newest first.</summary>
    Task<IReadOnlyList<ConsentRecord>> ForPersonAsync(string personKey, CancellationToken cancellationToken);

    /// <summary>Every entry for one person and platform, newest first.</summary>
    Task<IReadOnlyList<ConsentRecord>> ForPlatformAsync(string personKey, string clientId, CancellationToken cancellationToken);
}

/// <summary>Reads a person's standing decisions from the ledger's entries.</summary>
public static class ConsentState
{
    /// <summary>
    /// The grant currently in force for <paramref name="item"/> under <paramref name="purposeVersion"/>,
    /// or null when the latest decision about it is a refusal or withdrawal, or the purpose changed
    /// (then the person must be asked again, PIPL Art. 14).
    /// </summary>
    public static ConsentRecord? StandingGrant(IEnumerable<ConsentRecord> newestFirst, ConsentItem item, string purposeVersion)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);

        // The newest decision about the item wins: a later refusal or withdrawal ends a grant.
        var latest = newestFirst.FirstOrDefault(r => r.Items.Contains(item));
        return latest is { Decision: ConsentDecision.Granted } && latest.PurposeVersion == purposeVersion ? latest : null;
    }

    /// <summary>
    /// A grant is in force until a later withdrawal of it, or a later decision about all of its
    /// items (PIPL Art. 15: withdrawn as easily as given). What "my authorizations" lists and what
    /// can be withdrawn.
    /// </summary>
    public static bool IsInForce(IReadOnlyList<ConsentRecord> newestFirst, ConsentRecord grant)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        ArgumentNullException.ThrowIfNull(grant);
        var later = newestFirst.TakeWhile(r => r.Id != grant.Id)
            .Where(r => r.ClientId == grant.ClientId && r.Subject == grant.Subject)
            .ToList();
        return grant.Decision == ConsentDecision.Granted
            && !later.Any(r => r.Withdraws == grant.Id)
            && !grant.Items.All(item => later.Any(r => r.Items.Contains(item)));
    }
}
