using NetIdentity.Core.Verification;

namespace NetIdentity.Authority;

/// <summary>
/// The port to the national network identity platform (docs/authority-contract.md). Every
/// method returns only answers whose signature verified against a pinned authority key and
/// whose fields answer this very request; anything else is an <see cref="AuthorityException"/>.
/// </summary>
public interface INationalAuthority
{
    /// <summary>Opens a verification session (contract §3, <c>POST /v1/sessions</c>).</summary>
    Task<OpenedSession> OpenSessionAsync(SessionRequest request, CancellationToken cancellationToken);

    /// <summary>Fetches the credential, or learns that the person has not answered yet (contract §3).</summary>
    Task<CredentialPoll> QueryCredentialAsync(string bizSeq, CancellationToken cancellationToken);

    /// <summary>
    /// Asks for plaintext identity after separate consent (contract §4). The plaintext stays
    /// sealed to the organisation key; the caller opens it only when delivering it.
    /// </summary>
    Task<SealedIdentity> QueryIdentityAsync(IdentityRequest request, CancellationToken cancellationToken);

    /// <summary>Checks that one person is the legal guardian of another (contract §6).</summary>
    Task<bool> IsGuardianAsync(SubjectReference child, SubjectReference guardian, CancellationToken cancellationToken);

    /// <summary>Starts a traditional real-name check and sends a one-time code (contract §7).</summary>
    Task<RealNameStep> StartRealNameAsync(RealNameSubmission submission, CancellationToken cancellationToken);

    /// <summary>Checks the one-time code of a real-name verification (contract §7).</summary>
    Task<RealNameStep> VerifyRealNameCodeAsync(string requestId, string code, CancellationToken cancellationToken);

    /// <summary>Runs the optional face step of a real-name verification (contract §7).</summary>
    Task<RealNameStep> VerifyRealNameFaceAsync(string requestId, ReadOnlyMemory<byte> faceSample, CancellationToken cancellationToken);
}

/// <summary>A session to open (contract §3, v2).</summary>
/// <param name="BizSeq">A fresh business serial number.</param>
/// <param name="Mode">The service mode.</param>
/// <param name="Attributes">Attributes wanted (<c>ageBand</c>, <c>gender</c>).</param>
/// <param name="PlatformName">The platform's display name, which the app shows the person.</param>
/// <param name="MatchCode">The number-matching code the browser shows; the person must pick it in the app.</param>
/// <param name="ReturnUri">Where an app-link approval returns to the browser with a one-time value.</param>
/// <param name="IdentityRelease">Plaintext (§4) will be asked for: the app asks the person separately.</param>
public sealed record SessionRequest(
    string BizSeq,
    VerificationMode Mode,
    IReadOnlyList<string> Attributes,
    string PlatformName,
    string MatchCode,
    Uri? ReturnUri = null,
    bool IdentityRelease = false);

/// <summary>An opened session: what to show the person, and until when it waits.</summary>
public sealed record OpenedSession(string BizSeq, VerificationMode Mode, string QrPayload, Uri AppLink, DateTimeOffset ExpiresAt);

/// <summary>Either still pending, or a verified credential (which may be a fail).</summary>
public sealed record CredentialPoll(AuthorityCredential? Credential, DateTimeOffset? ExpiresAt)
{
    public bool IsPending => Credential is null;
}

/// <summary>A plaintext request, naming the consent the broker recorded.</summary>
public sealed record IdentityRequest(string BizSeq, string ConsentId, IReadOnlyList<string> Fields);

/// <summary>
/// Plaintext identity, still sealed (SM2 envelope, associated data the bizSeq) to the
/// organisation key. Opening it is the deliverer's job, at the moment of delivery.
/// </summary>
public sealed record SealedIdentity(string BizSeq, string AppScopedId, ReadOnlyMemory<byte> Envelope)
{
    public override string ToString() => $"SealedIdentity {{ BizSeq = {BizSeq} }}";
}

/// <summary>
/// Who a guardianship check is about: a 网络身份应用标识, or an ID document sealed to the
/// authority. A document can be sealed when the person verifies (the number is then dropped) and
/// checked later: every sealed reference of one check shares its <see cref="RequestId"/>, which is
/// the envelope's associated data (authority-contract §6).
/// </summary>
public sealed class SubjectReference
{
    private SubjectReference(string? appScopedId, string? idType, string? idNumber, string? sealedDocument, string? requestId)
    {
        AppScopedId = appScopedId;
        IdType = idType;
        IdNumber = idNumber;
        SealedDocument = sealedDocument;
        RequestId = requestId;
    }

    public string? AppScopedId { get; }

    internal string? IdType { get; }

    internal string? IdNumber { get; }

    /// <summary>The document already sealed to the authority's key (base64url), if sealed.</summary>
    public string? SealedDocument { get; }

    /// <summary>The guardianship request a sealed document was sealed for.</summary>
    public string? RequestId { get; }

    public static SubjectReference ForAppScopedId(string appScopedId) => new(appScopedId, null, null, null, null);

    /// <summary>The number is sealed to the authority's key before it leaves; it is never logged.</summary>
    public static SubjectReference ForDocument(string idType, string idNumber) => new(null, idType, idNumber, null, null);

    /// <summary>A document sealed earlier with <see cref="Seal"/>, for the check <paramref name="requestId"/>.</summary>
    public static SubjectReference ForSealedDocument(string sealedDocument, string requestId) => new(null, null, null, sealedDocument, requestId);

    /// <summary>
    /// Seals a document to the authority now, for the guardianship check <paramref name="requestId"/>
    /// made later: only the authority can open it, so the broker need not keep the number.
    /// </summary>
    public static SubjectReference Seal(AuthorityKeys keys, string idType, string idNumber, string requestId)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var document = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new Http.DocumentWire(idType, idNumber), Http.AuthorityJson.Default.DocumentWire);
        try
        {
            var sealedDocument = Cryptography.Sm2Envelope.Seal(keys.EncryptionKey, document, System.Text.Encoding.ASCII.GetBytes(requestId));
            return ForSealedDocument(System.Buffers.Text.Base64Url.EncodeToString(sealedDocument), requestId);
        }
        finally
        {
            Array.Clear(document);
        }
    }

    public override string ToString() => AppScopedId is null ? "SubjectReference(document)" : "SubjectReference(appScopedId)";
}

/// <summary>What a person typed on the other path. Sealed to the authority before it leaves; never logged.</summary>
public sealed class RealNameSubmission(string requestId, string name, string idType, string idNumber, string phone)
{
    public string RequestId { get; } = requestId;

    internal string Name { get; } = name;

    internal string IdType { get; } = idType;

    internal string IdNumber { get; } = idNumber;

    internal string Phone { get; } = phone;

    public override string ToString() => $"RealNameSubmission {{ RequestId = {RequestId} }}";
}

/// <summary>The outcome of a real-name step (contract §7).</summary>
public sealed record RealNameStep(string RequestId, string Status, string ResultCode, int? AttemptsLeft, double? FaceScore)
{
    public bool CodeSent => Status == "otp_sent";

    public bool Verified => Status == "verified";

    public bool FaceMatched => Status == "face_match";
}
