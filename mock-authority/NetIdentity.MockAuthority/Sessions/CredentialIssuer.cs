using NetIdentity.MockAuthority.Keys;
using NetIdentity.MockAuthority.Personas;
using NetIdentity.MockAuthority.Protocol;

namespace NetIdentity.MockAuthority.Sessions;

/// <summary>
/// Turns the app's answer into a signed credential (contract §3), including the personas that
/// misbehave on purpose: <c>bad-signature</c> (signed by an impostor key under the genuine kid)
/// and <c>replayed</c> (an earlier credential of the same organisation, byte for byte).
/// </summary>
internal sealed class CredentialIssuer(ResponseSigner signer, AuthorityKeys keys, AppScopedIds appScopedIds, SessionStore store)
{
    public SessionAnswer Approve(VerificationSession session, Persona persona, Decision decision, DateTimeOffset now)
    {
        var credential = persona.Behaviour switch
        {
            PersonaBehaviour.BadSignature => signer.Sign(Build(session, session.BizSeq, decision, now, persona), keys.Impostor),

            // An earlier genuine credential; failing that, a validly signed one for another
            // bizSeq from an hour ago. Either way the caller must refuse it (contract §8.2–3).
            PersonaBehaviour.Replayed when decision.Passed => store.LastPass(session.OrgId)
                ?? signer.Sign(Build(session, Identifiers.New(), decision, now.AddHours(-1), persona)),
            _ => signer.Sign(Build(session, session.BizSeq, decision, now, persona)),
        };
        if (decision.Passed && persona.Behaviour is not (PersonaBehaviour.BadSignature or PersonaBehaviour.Replayed))
        {
            store.RecordPass(session.OrgId, credential);
        }

        return new SessionAnswer(persona, decision.Passed, decision.ResultCode, decision.FaceScore, now, credential);
    }

    /// <summary>The person refused in the app: <c>fail</c>, <c>C0401031</c> (contract §5).</summary>
    public SessionAnswer Deny(VerificationSession session, DateTimeOffset now)
    {
        var decision = new Decision(false, CredentialDecision.Refused, null);
        var credential = signer.Sign(Build(session, session.BizSeq, decision, now, persona: null));
        return new SessionAnswer(null, false, decision.ResultCode, null, now, credential);
    }

    private CredentialPayload Build(VerificationSession session, string bizSeq, Decision decision, DateTimeOffset at, Persona? persona)
    {
        var passer = decision.Passed ? persona : null;
        return new CredentialPayload(
            CredentialId: Identifiers.New(),
            OrgId: session.OrgId,
            AppId: session.AppId,
            BizSeq: bizSeq,
            Mode: session.Mode.ToString(),
            Result: passer is null ? "fail" : "pass",
            ResultCode: decision.ResultCode,
            ServiceTime: at,
            IssuedAt: at,
            AppScopedId: passer is null ? null : appScopedIds.For(session.OrgId, passer),
            FaceScore: session.Mode.NeedsFace() ? decision.FaceScore : null,
            Attributes: passer is null ? null : Attributes(session, passer, at));
    }

    /// <summary>Only attributes requested and authorised (checked at session creation, A0403001).</summary>
    private static Dictionary<string, string>? Attributes(VerificationSession session, Persona persona, DateTimeOffset at)
    {
        if (session.Attributes.Count == 0)
        {
            return null;
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in session.Attributes)
        {
            attributes[name] = name == "ageBand" ? persona.Number.AgeBandAt(at) : persona.Gender;
        }

        return attributes;
    }
}
