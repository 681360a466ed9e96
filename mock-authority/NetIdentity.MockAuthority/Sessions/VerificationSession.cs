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

    public required string BizSeq { get; init; }

    public required string OrgId { get; init; }

    public required string AppId { get; init; }

    public required ServiceMode Mode { get; init; }

    public required IReadOnlyList<string> Attributes { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

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
internal sealed record SessionAnswer(
    Persona? Persona,
    bool Passed,
    string ResultCode,
    double? FaceScore,
    DateTimeOffset AnsweredAt,
    SignedEnvelope Credential);
