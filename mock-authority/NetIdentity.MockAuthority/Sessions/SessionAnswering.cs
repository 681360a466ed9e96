using NetIdentity.MockAuthority.Personas;
using NetIdentity.MockAuthority.Protocol;
using NetIdentity.MockAuthority.Tester;

namespace NetIdentity.MockAuthority.Sessions;

/// <summary>
/// The simulated app's side of a session: approve as a persona or refuse. Shared by the tester
/// API and the simulated app page, so both behave the same; errors are tester codes (T…).
/// </summary>
internal sealed class SessionAnswering(
    SessionStore store,
    PersonaCatalog personas,
    CredentialIssuer issuer,
    TimeProvider time,
    ILogger<SessionAnswering> logger)
{
    /// <param name="bizSeq">The pending session.</param>
    /// <param name="approval">What the person did in the app.</param>
    public Checked<SessionAnswer> Approve(string bizSeq, Approval approval)
    {
        var session = store.Find(bizSeq);
        var persona = personas.Find(approval.PersonaId);
        if (session is null || persona is null)
        {
            return TesterErrors.NotFound;
        }

        if (!persona.HasNetId)
        {
            return TesterErrors.WrongPath;
        }

        if (!TryParseFace(approval.Face, out var faceChoice) || string.IsNullOrEmpty(approval.MatchCode))
        {
            return TesterErrors.Malformed;
        }

        var now = time.GetUtcNow();
        if (!session.IsPendingAt(now))
        {
            return TesterErrors.NotPending;
        }

        // Number matching: the person must pick the code the browser that opened this session
        // shows, so a QR code relayed to someone else does not approve its sender's login.
        if (!string.Equals(approval.MatchCode, session.MatchCode, StringComparison.Ordinal))
        {
            return WrongMatch(session, now);
        }

        var decision = CredentialDecision.Decide(persona, session.Mode, string.IsNullOrEmpty(approval.Password) ? null : approval.Password, faceChoice);
        SessionAnswer? answer = null;
        if (!session.TryAnswer(now, () => answer = issuer.Approve(session, persona, decision, now, approval)) || answer is null)
        {
            return TesterErrors.NotPending;
        }

        Log.SessionAnswered(logger, session.BizSeq, persona.Id, answer.ResultCode);
        return answer;
    }

    public Checked<SessionAnswer> Deny(string bizSeq)
    {
        var session = store.Find(bizSeq);
        if (session is null)
        {
            return TesterErrors.NotFound;
        }

        var now = time.GetUtcNow();
        SessionAnswer? answer = null;
        if (!session.TryAnswer(now, () => answer = issuer.Fail(session, CredentialDecision.Refused, now)) || answer is null)
        {
            return TesterErrors.NotPending;
        }

        Log.SessionAnswered(logger, session.BizSeq, "(refused)", answer.ResultCode);
        return answer;
    }

    /// <summary>A wrong code does not approve; the last allowed wrong code fails the session (C0401041).</summary>
    private Checked<SessionAnswer> WrongMatch(VerificationSession session, DateTimeOffset now)
    {
        if (session.TryCountWrongMatch(Approval.MaxMatchTries, out _))
        {
            Log.MatchCodeWrong(logger, session.BizSeq);
            return TesterErrors.WrongMatchCode;
        }

        SessionAnswer? answer = null;
        if (!session.TryAnswer(now, () => answer = issuer.Fail(session, CredentialDecision.NotMatched, now)) || answer is null)
        {
            return TesterErrors.NotPending;
        }

        Log.SessionAnswered(logger, session.BizSeq, "(not matched)", answer.ResultCode);
        return answer;
    }

    private static bool TryParseFace(string? face, out FaceChoice? choice)
    {
        choice = face switch
        {
            "match" => FaceChoice.Match,
            "mismatch" => FaceChoice.Mismatch,
            _ => null,
        };
        return choice is not null || string.IsNullOrEmpty(face);
    }
}
