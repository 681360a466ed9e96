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
    /// <param name="personaId">Who answers (a persona id with the <c>netid</c> path).</param>
    /// <param name="password">Overrides the persona's usual password behaviour (R02/R04).</param>
    /// <param name="face"><c>match</c> or <c>mismatch</c>: overrides the persona's usual face behaviour (R03/R04).</param>
    public Checked<SessionAnswer> Approve(string bizSeq, string? personaId, string? password, string? face)
    {
        var session = store.Find(bizSeq);
        var persona = personas.Find(personaId);
        if (session is null || persona is null)
        {
            return TesterErrors.NotFound;
        }

        if (!persona.HasNetId)
        {
            return TesterErrors.WrongPath;
        }

        if (!TryParseFace(face, out var faceChoice))
        {
            return TesterErrors.Malformed;
        }

        var now = time.GetUtcNow();
        var decision = CredentialDecision.Decide(persona, session.Mode, string.IsNullOrEmpty(password) ? null : password, faceChoice);
        SessionAnswer? answer = null;
        if (!session.TryAnswer(now, () => answer = issuer.Approve(session, persona, decision, now)) || answer is null)
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
        if (!session.TryAnswer(now, () => answer = issuer.Deny(session, now)) || answer is null)
        {
            return TesterErrors.NotPending;
        }

        Log.SessionAnswered(logger, session.BizSeq, "(refused)", answer.ResultCode);
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
