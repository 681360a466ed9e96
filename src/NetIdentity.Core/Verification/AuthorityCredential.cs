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

    /// <summary>The matching code the person picked in the app (contract v2); <c>null</c> when they matched none.</summary>
    public string? MatchedCode { get; init; }

    /// <summary>How the app was reached: a scanned QR code or the app link on the same phone (contract v2).</summary>
    public ApprovalChannel Channel { get; init; } = ApprovalChannel.Unknown;

    /// <summary>An app-link approval: lowercase hex SM3 of the one-time value the app sent back to the return URI.</summary>
    public string? ReturnValueHash { get; init; }

    /// <summary>The person's in-app answer to a plaintext release, when the session asked for one (contract v2, §4).</summary>
    public bool? IdentityReleaseConfirmed { get; init; }
}

/// <summary>How the person reached the app for a credential (authority-contract §3, v2).</summary>
public enum ApprovalChannel
{
    /// <summary>The credential did not say: treated as neither, so it is refused (fail closed).</summary>
    Unknown = 0,

    /// <summary>A QR code scanned from another screen.</summary>
    Qr = 1,

    /// <summary>The app link, opened on the phone that holds the browser.</summary>
    AppLink = 2,
}
