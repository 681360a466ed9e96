using NetIdentity.MockAuthority.Personas;
using NetIdentity.MockAuthority.Protocol;

namespace NetIdentity.MockAuthority.Sessions;

/// <summary>
/// One 网号/网证 verification session (contract §3). Created pending; answered at most once,
/// and only before it expires; plaintext identity released at most once (contract §4).
/// </summary>
internal sealed class VerificationSession
{
    private readonly Lock _gate = new();
    private SessionAnswer? _answer;
    private bool _identityReleased;
    private int _wrongMatches;

    public required string BizSeq { get; init; }

    public required string OrgId { get; init; }

    public required string AppId { get; init; }

    public required ServiceMode Mode { get; init; }

    public required IReadOnlyList<string> Attributes { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The platform the person is logging in to, as the caller named it (contract v2, §3).</summary>
    public required string PlatformName { get; init; }

    /// <summary>The code the caller shows in the browser; the person must match it in the app (§3, number matching).</summary>
    public required string MatchCode { get; init; }

    /// <summary>Where an app-link approval returns, with a one-time value (§3); <c>null</c>: no return.</summary>
    public Uri? ReturnUri { get; init; }

    /// <summary>The caller will ask for plaintext (§4): the app asks the person separately (单独同意).</summary>
    public bool IdentityRequested { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public SessionAnswer? Answer
    {
        get
        {
            lock (_gate)
            {
                return _answer;
            }
        }
    }

    public bool IsPendingAt(DateTimeOffset now) => Answer is null && now <= ExpiresAt;

    /// <summary>Records the app's answer, made by <paramref name="answer"/> only if the session is still pending.</summary>
    public bool TryAnswer(DateTimeOffset now, Func<SessionAnswer> answer)
    {
        lock (_gate)
        {
            if (_answer is not null || now > ExpiresAt)
            {
                return false;
            }

            _answer = answer();
            return true;
        }
    }

    /// <summary>
    /// Counts a wrong matching code; <c>true</c> while tries remain. The last wrong try leaves the
    /// caller to fail the session (C0401041).
    /// </summary>
    public bool TryCountWrongMatch(int maxTries, out int triesLeft)
    {
        lock (_gate)
        {
            _wrongMatches++;
            triesLeft = Math.Max(0, maxTries - _wrongMatches);
            return triesLeft > 0;
        }
    }

    public bool IdentityReleased
    {
        get
        {
            lock (_gate)
            {
                return _identityReleased;
            }
        }
    }

    /// <summary>Marks the plaintext as released; <c>false</c> if it already was (A0409002).</summary>
    public bool TryReleaseIdentity()
    {
        lock (_gate)
        {
            if (_identityReleased)
            {
                return false;
            }

            _identityReleased = true;
            return true;
        }
    }
}

/// <summary>What the app answered, and the signed credential that stands for it.</summary>
/// <param name="Persona">Who answered; <c>null</c> when the person refused without choosing one.</param>
/// <param name="Passed">Whether the authority considers the session passed (so plaintext may follow).</param>
/// <param name="ResultCode">The credential's result code (contract §5).</param>
/// <param name="FaceScore">The face similarity, when the face step ran.</param>
/// <param name="AnsweredAt">When the app answered: the credential's time, start of the re-fetch and plaintext windows.</param>
/// <param name="Credential">The signed credential, returned unchanged on every re-fetch.</param>
/// <param name="IdentityConfirmed">The person confirmed the plaintext release in the app (§4, 单独同意).</param>
/// <param name="ReturnTo">An app-link approval: where the app sends the person back, with the one-time value (§3).</param>
internal sealed record SessionAnswer(
    Persona? Persona,
    bool Passed,
    string ResultCode,
    double? FaceScore,
    DateTimeOffset AnsweredAt,
    SignedEnvelope Credential,
    bool IdentityConfirmed = false,
    Uri? ReturnTo = null);
