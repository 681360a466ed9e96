namespace NetIdentity.Core.Audit;

/// <summary>
/// One verification attempt, as the authentication log keeps it (PRODUCT rule 6): what may be
/// handed to an authority is the identity linked to a 网号/网证 and this log, so an entry says
/// who (pairwise <c>sub</c>), when, for whom, how and with what result, and never holds a name,
/// an ID number or a phone.
/// </summary>
public sealed record AuthenticationLogEntry
{
    public required DateTimeOffset Time { get; init; }

    public required string ClientId { get; init; }

    /// <summary><c>netid</c> for 网号/网证, <c>document</c> for the other way.</summary>
    public required string Path { get; init; }

    public string? BizSeq { get; init; }

    /// <summary>R01–R04 on the 网号/网证 path.</summary>
    public string? Mode { get; init; }

    /// <summary><c>C0000000</c> for a verified person, else an NI code (docs/errors/).</summary>
    public required string ResultCode { get; init; }

    /// <summary>The pairwise subject, when the person was identified.</summary>
    public string? Subject { get; init; }

    /// <summary>The assurance reached, e.g. <c>urn:netidentity:acr:level1</c>.</summary>
    public string? Acr { get; init; }
}
