using System.Text;
using NetIdentity.Cryptography;
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
    public SessionAnswer Approve(VerificationSession session, Persona persona, Decision decision, DateTimeOffset now, Approval approval)
    {
        // An app-link approval on the same phone returns to the browser that opened the session
        // with a one-time value; the credential carries only its hash, so the value is proof that
        // this browser, and no other, received the return (contract v2, §3).
        var returnValue = decision.Passed && approval.Channel == ApprovalChannel.AppLink && session.ReturnUri is not null ? Identifiers.New() + Identifiers.New() : null;
        var extras = new AnswerExtras(
            session.MatchCode,
            Approval.WireName(approval.Channel),
            returnValue is null ? null : Convert.ToHexStringLower(Sm3.Hash(Encoding.ASCII.GetBytes(returnValue))),
            !session.IdentityRequested ? null : approval.ConfirmIdentity ? "confirmed" : "declined");
        var credential = persona.Behaviour switch
        {
            PersonaBehaviour.BadSignature => signer.Sign(Build(session, session.BizSeq, decision, now, persona, extras), keys.Impostor),

            // An earlier genuine credential; failing that, a validly signed one for another
            // bizSeq from an hour ago. Either way the caller must refuse it (contract §8.2–3).
            PersonaBehaviour.Replayed when decision.Passed => store.LastPass(session.OrgId)
                ?? signer.Sign(Build(session, Identifiers.New(), decision, now.AddHours(-1), persona, extras)),
            _ => signer.Sign(Build(session, session.BizSeq, decision, now, persona, extras)),
        };
        if (decision.Passed && persona.Behaviour is not (PersonaBehaviour.BadSignature or PersonaBehaviour.Replayed))
        {
            store.RecordPass(session.OrgId, credential);
        }

        var confirmed = decision.Passed && session.IdentityRequested && approval.ConfirmIdentity;
        var returnTo = returnValue is null ? null : ReturnAddress(session.ReturnUri!, returnValue);
        return new SessionAnswer(persona, decision.Passed, decision.ResultCode, decision.FaceScore, now, credential, confirmed, returnTo);
    }

    /// <summary>
    /// A session that ends without a match: the person refused (<c>C0401031</c>) or did not pick
    /// the code shown in the browser (<c>C0401041</c>) (contract §5).
    /// </summary>
    public SessionAnswer Fail(VerificationSession session, string resultCode, DateTimeOffset now)
    {
        var decision = new Decision(false, resultCode, null);
        var credential = signer.Sign(Build(session, session.BizSeq, decision, now, persona: null, AnswerExtras.None));
        return new SessionAnswer(null, false, decision.ResultCode, null, now, credential);
    }

    /// <summary>The return URI with the one-time value added as the query parameter <c>returnValue</c>.</summary>
    private static Uri ReturnAddress(Uri returnUri, string value)
    {
        var separator = string.IsNullOrEmpty(returnUri.Query) ? "?" : "&";
        return new Uri(returnUri.AbsoluteUri + separator + "returnValue=" + value);
    }

    private CredentialPayload Build(VerificationSession session, string bizSeq, Decision decision, DateTimeOffset at, Persona? persona, AnswerExtras extras)
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
            Attributes: passer is null ? null : Attributes(session, passer, at))
        {
            MatchedCode = extras.MatchedCode,
            Channel = extras.Channel,
            ReturnValueHash = passer is null ? null : extras.ReturnValueHash,
            IdentityRelease = passer is null ? null : extras.IdentityRelease,
        };
    }

    /// <summary>The v2 fields of a credential that come from what the person did in the app.</summary>
    private sealed record AnswerExtras(string? MatchedCode, string? Channel, string? ReturnValueHash, string? IdentityRelease)
    {
        public static readonly AnswerExtras None = new(null, null, null, null);
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
