using System.Text.Json.Serialization;
using NetIdentity.Core.Consent;
using NetIdentity.Core.Verification;

namespace NetIdentity.Core.Login;

/// <summary>Where a login stands.</summary>
public enum LoginState
{
    /// <summary>The person is choosing how to verify.</summary>
    Choosing = 1,

    /// <summary>A session is open at the authority; the person answers in the app.</summary>
    AwaitingApp = 2,

    /// <summary>The person was verified; the authorization endpoint may issue a code.</summary>
    Verified = 3,

    /// <summary>The login ended; the authorization endpoint returns <see cref="LoginTransaction.ErrorCode"/>.</summary>
    Failed = 4,

    /// <summary>The other way: the real-name check matched; waiting for the SMS code.</summary>
    AwaitingCode = 5,

    /// <summary>The other way: the SMS code matched; waiting for the face step the level needs.</summary>
    AwaitingFace = 6,

    /// <summary>
    /// Terminal: everything is decided and the code is being issued, once. A second request that
    /// finds this state gets nothing (a replayed or racing authorization request).
    /// </summary>
    Completed = 7,
}

/// <summary>
/// One OIDC authorization request's login, from the method page to the code. Its current state
/// lives on the server (<see cref="ILoginStates"/>), shared by every instance; the
/// browser holds only an opaque reference. It holds no plaintext identity: the subject is
/// pairwise, the app-scoped id never leaves the broker, documents are sealed.
/// </summary>
public sealed record LoginTransaction
{
    /// <summary>Where the store keeps it (a hash of the browser's reference); set by the store.</summary>
    [JsonIgnore]
    public string? StoreKey { get; init; }

    /// <summary>The stored version this view was read at; a write applies only from it.</summary>
    [JsonIgnore]
    public long Version { get; init; }

    public required string Id { get; init; }

    public required string ClientId { get; init; }

    /// <summary>The authorization request to return to (path and query of the broker's own endpoint).</summary>
    public required string ReturnUrl { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required AssuranceLevel RequiredLevel { get; init; }

    /// <summary>The 网号/网证 mode to ask for: reaches <see cref="RequiredLevel"/> (PlatformCatalog.ModeFor).</summary>
    public required VerificationMode RequiredMode { get; init; }

    public LoginState State { get; init; } = LoginState.Choosing;

    public string? BizSeq { get; init; }

    public VerificationMode? Mode { get; init; }

    public string? QrPayload { get; init; }

    public string? AppLink { get; init; }

    public DateTimeOffset? SessionExpiresAt { get; init; }

    /// <summary>
    /// The number-matching code shown next to the QR code; the person picks it in the app, so a
    /// relayed QR code cannot approve this login (authority-contract §3, v2). Not a secret from
    /// this browser; random so that nobody else can predict it.
    /// </summary>
    public string? MatchCode { get; init; }

    /// <summary>
    /// Hex SM3 of the one-time value the app-link return presented in this browser (set once;
    /// authority-contract §3, v2). An app-link credential is accepted only if it carries the same hash.
    /// </summary>
    public string? AppReturnHash { get; init; }

    /// <summary>The pairwise subject, once verified.</summary>
    public string? Subject { get; init; }

    public AssuranceLevel? Level { get; init; }

    public DateTimeOffset? AuthTime { get; init; }

    /// <summary>The methods used (<c>amr</c> values), released only to approved platforms.</summary>
    public IReadOnlyList<string>? Methods { get; init; }

    /// <summary>When the broker last asked the authority for this login's credential (the status poll).</summary>
    public DateTimeOffset? LastPolledAt { get; init; }

    /// <summary>How many times the broker asked the authority for this login's credential.</summary>
    public int Polls { get; init; }

    /// <summary>The NI code of a failed login (docs/errors/).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The person's key for "my authorizations" (their pairwise subject for the broker itself).</summary>
    public string? PersonKey { get; init; }

    /// <summary>The consent-bearing items this request asked for and the platform may have.</summary>
    public IReadOnlyList<ConsentItem> RequestedItems { get; init; } = [];

    /// <summary>The age band from the credential; released only with consent.</summary>
    public AgeBand? AgeBand { get; init; }

    /// <summary>Items the person has decided on in this login (granted or refused), or had granted before.</summary>
    public IReadOnlyList<ConsentItem> DecidedItems { get; init; } = [];

    public IReadOnlyList<ConsentItem> GrantedItems { get; init; } = [];

    /// <summary>The ledger ids of the grants in force for this login (their receipts go to the platform).</summary>
    public IReadOnlyList<string> ConsentIds { get; init; } = [];

    /// <summary>The signed receipts of those grants (JWTs), carried so the code step reads no ledger.</summary>
    public IReadOnlyList<string> Receipts { get; init; } = [];

    /// <summary>The ledger was read once for standing grants; it is not read again in this login.</summary>
    public bool StandingGrantsChecked { get; init; }

    /// <summary>Every consent is decided and what it allows has been fetched: a code may be issued.</summary>
    public bool ConsentComplete { get; init; }

    public string? MaskedName { get; init; }

    public string? MaskedIdNumber { get; init; }

    /// <summary>The sealed identity waiting for its one delivery through userinfo.</summary>
    public string? DeliveryId { get; init; }

    /// <summary><c>netid</c> (网号/网证) or <c>document</c> (the other way), once a way was chosen.</summary>
    public string? Path { get; init; }

    /// <summary>The other way: the pairwise subject the ID number gives, kept until verified; the number itself is not kept.</summary>
    public string? PendingSubject { get; init; }

    public string? PendingPersonKey { get; init; }

    /// <summary>
    /// The other way, when the platform asked for masked or full identity: what the person typed
    /// and the authority matched, sealed (SM2 envelope, associated data the request id) to the
    /// broker's organisation key — only the broker can open it, and only to release what the
    /// person then grants. Dropped when the consents are settled.
    /// </summary>
    public string? SealedIdentity { get; init; }

    /// <summary>The 网络身份应用标识 of a person verified with 网号/网证: pseudonymous, kept only for a guardianship check.</summary>
    public string? AppScopedId { get; init; }

    /// <summary>The ID document of a person verified the other way, sealed to the authority for a guardianship check.</summary>
    public string? SealedDocument { get; init; }

    /// <summary>The guardianship check this login's sealed document (or its guardian's) belongs to.</summary>
    public string? GuardianshipRequestId { get; init; }

    /// <summary>On a guardian's verification: the login id of the child it is for.</summary>
    public string? GuardianFor { get; init; }

    /// <summary>On a child's login: the guardian's "my authorizations" key, once the guardianship is confirmed.</summary>
    public string? GuardianPersonKey { get; init; }

    /// <summary>On a child's login: the guardian's pairwise subject for this platform.</summary>
    public string? GuardianSubject { get; init; }

    /// <summary>On a child's login: when the guardian consented (PIPL Art. 31).</summary>
    public DateTimeOffset? GuardianConsentedAt { get; init; }

    /// <summary>A child under 14 whose guardian has not consented yet.</summary>
    [JsonIgnore]
    public bool NeedsGuardian => AgeBand == Verification.AgeBand.Under14 && GuardianConsentedAt is null && GuardianFor is null;

    [JsonIgnore]
    public bool IsFinished => State is LoginState.Verified or LoginState.Failed or LoginState.Completed;
}

/// <summary>The stored form of a login (System.Text.Json source generation).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LoginTransaction))]
public sealed partial class LoginTransactionJson : JsonSerializerContext;
