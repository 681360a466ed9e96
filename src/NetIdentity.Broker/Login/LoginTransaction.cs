using System.Text.Json.Serialization;
using NetIdentity.Core.Consent;
using NetIdentity.Core.Verification;

namespace NetIdentity.Broker.Login;

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
}

/// <summary>
/// One OIDC authorization request's login, from the method page to the code. It lives only in
/// an encrypted, authenticated, time-limited cookie (ASP.NET Core Data Protection), so the
/// broker keeps no half-done server state and any instance can continue any login. It holds
/// no personal data: the subject is pairwise and the app-scoped id never leaves the broker.
/// </summary>
public sealed record LoginTransaction
{
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
    public bool NeedsGuardian => AgeBand == Core.Verification.AgeBand.Under14 && GuardianConsentedAt is null && GuardianFor is null;

    [JsonIgnore]
    public bool IsFinished => State is LoginState.Verified or LoginState.Failed;
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LoginTransaction))]
internal sealed partial class LoginTransactionJson : JsonSerializerContext;
