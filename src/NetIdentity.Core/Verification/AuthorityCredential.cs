namespace NetIdentity.Core.Verification;

/// <summary>
/// A credential from the authority whose signature the adapter has already verified and whose
/// fields answer the broker's own request (authority-contract §8, points 1–2). Whether it is
/// acceptable for a login is decided by <see cref="CredentialRules"/>.
/// </summary>
public sealed record AuthorityCredential
{
    public required string CredentialId { get; init; }

    public required string BizSeq { get; init; }

    public required string OrgId { get; init; }

    public required VerificationMode Mode { get; init; }

    /// <summary><c>true</c> when the authority said <c>pass</c>.</summary>
    public required bool Passed { get; init; }

    /// <summary><c>C0000000</c> on pass, otherwise the authority's reason code.</summary>
    public required string ResultCode { get; init; }

    /// <summary>When the person answered in the app.</summary>
    public required DateTimeOffset ServiceTime { get; init; }

    /// <summary>The 网络身份应用标识: organisation-scoped and pseudonymous; only on pass.</summary>
    public string? AppScopedId { get; init; }

    public double? FaceScore { get; init; }

    public AgeBand? AgeBand { get; init; }

    public string? Gender { get; init; }
}
