using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using NetIdentity.MockAuthority.Hosting;
using NetIdentity.MockAuthority.Personas;
using NetIdentity.MockAuthority.Protocol;
using NetIdentity.MockAuthority.Sessions;

namespace NetIdentity.MockAuthority.Realname;

/// <summary>
/// The traditional real-name service (contract §7): the other lawful way, offered for equal
/// service (PRODUCT rule 4). Name, number and registered phone checked together, an SMS one-time
/// code to that phone only, optional face check.
/// </summary>
internal static class RealnameEndpoints
{
    public static void MapRealname(this IEndpointRouteBuilder v1)
    {
        v1.MapPost("/realname/verifications", OpenAsync);
        v1.MapPost("/realname/verifications/otp", CodeAsync);
        v1.MapPost("/realname/verifications/face", FaceAsync);
    }

    internal sealed record OpenBody : SignedBody
    {
        public required string RequestId { get; init; }

        public required string IdentityEnvelope { get; init; }
    }

    internal sealed record CodeBody : SignedBody
    {
        public required string RequestId { get; init; }

        public required string Code { get; init; }
    }

    internal sealed record FaceBody : SignedBody
    {
        public required string RequestId { get; init; }

        public required string FaceSample { get; init; }
    }

    /// <summary>The sealed content of the opening request.</summary>
    internal sealed record Claimed(string Name, string IdType, string IdNumber, string Phone);

    internal sealed record RealnamePayload(
        string OrgId, string AppId, string RequestId, string Status, string ResultCode,
        DateTimeOffset? OtpExpiresAt = null, int? AttemptsLeft = null, double? FaceScore = null)
    {
        [JsonPropertyOrder(-1)]
        public string Type { get; init; } = "netid.realname";
    }

    private static async Task<IResult> OpenAsync(
        HttpContext context, SignedRequestReader reader, AuthorityEnvelopes envelopes, RequestIdLedger requestIds,
        PersonaCatalog personas, RealnameStore store, OtpOutbox outbox, ResponseSigner signer, MockAuthorityOptions options,
        TimeProvider time, ILogger<RealnameStore> logger)
    {
        var request = await reader.ReadAsync<OpenBody>(context.Request, context.RequestAborted);
        if (!request.Succeeded)
        {
            return request.Error.ToResult();
        }

        var (organisation, body) = request.Value;
        if (!Identifiers.IsValid(body.RequestId))
        {
            return AuthorityErrors.BadIdentifier.ToResult();
        }

        if (envelopes.TryOpen<Claimed>(body.IdentityEnvelope, body.RequestId) is not { } claimed)
        {
            return AuthorityErrors.Malformed.ToResult();
        }

        if (!requestIds.TryUse(body.RequestId))
        {
            return AuthorityErrors.IdentifierUsed.ToResult();
        }

        // Three elements (运营商三要素核验, contract §7 v2): the name and the number against the
        // registry of record, and the phone against the carrier's real-name registration of the
        // same person. Knowing a name and a number is not enough: the code goes only to a phone
        // that matched, so possession of that phone is what the code proves. The answer is
        // match or mismatch, never which of the three was wrong.
        var now = time.GetUtcNow();
        var persona = personas.FindByNumber(claimed.IdType, claimed.IdNumber);
        var matches = persona is not null
            && claimed.Name == (persona.RealnameRegisteredName ?? persona.Name)
            && persona.RegisteredPhones.Contains(claimed.Phone, StringComparer.Ordinal);
        var code = matches ? RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture) : null;
        var verification = new RealnameVerification(
            body.RequestId, organisation.OrgId, matches ? persona : null, code, now, now.AddSeconds(options.RealnameLifetimeSeconds));
        store.Add(verification);
        if (code is not null)
        {
            outbox.Send(new SentCode(claimed.Phone, code, now));
        }

        Log.RealnameOpened(logger, organisation.OrgId, body.RequestId, matches);
        var payload = matches
            ? new RealnamePayload(organisation.OrgId, body.AppId, body.RequestId, "otp_sent", CredentialDecision.Success, OtpExpiresAt: verification.ExpiresAt)
            : new RealnamePayload(organisation.OrgId, body.AppId, body.RequestId, "mismatch", CredentialDecision.RealnameMismatch);
        return signer.Sign(payload).ToResult();
    }

    private static async Task<IResult> CodeAsync(
        HttpContext context, SignedRequestReader reader, RealnameStore store, ResponseSigner signer, TimeProvider time)
    {
        var request = await reader.ReadAsync<CodeBody>(context.Request, context.RequestAborted);
        if (!request.Succeeded)
        {
            return request.Error.ToResult();
        }

        var (organisation, body) = request.Value;
        var verification = Find(store, organisation.OrgId, body.RequestId, out var problem);
        if (verification is null)
        {
            return problem.ToResult();
        }

        var outcome = verification.SubmitCode(body.Code, time.GetUtcNow());
        if (!outcome.Succeeded)
        {
            return outcome.Error.ToResult();
        }

        var (status, resultCode, attemptsLeft) = outcome.Value;
        return signer.Sign(new RealnamePayload(organisation.OrgId, body.AppId, body.RequestId, status, resultCode, AttemptsLeft: attemptsLeft)).ToResult();
    }

    private static async Task<IResult> FaceAsync(
        HttpContext context, SignedRequestReader reader, RealnameStore store, ResponseSigner signer, TimeProvider time)
    {
        var request = await reader.ReadAsync<FaceBody>(context.Request, context.RequestAborted);
        if (!request.Succeeded)
        {
            return request.Error.ToResult();
        }

        var (organisation, body) = request.Value;
        var verification = Find(store, organisation.OrgId, body.RequestId, out var problem);
        if (verification is null)
        {
            return problem.ToResult();
        }

        if (body.FaceSample.Length == 0 || !Base64.IsValid(body.FaceSample))
        {
            return AuthorityErrors.Malformed.ToResult();
        }

        var notAllowed = verification.CheckFaceAllowed(time.GetUtcNow());
        if (notAllowed is not null || verification.Persona is not { } persona)
        {
            return (notAllowed ?? AuthorityErrors.OutOfOrder).ToResult();
        }

        // The sample's content is not judged: the persona decides, as in the app (§3).
        var (matched, score) = CredentialDecision.FaceOf(persona);
        var payload = matched
            ? new RealnamePayload(organisation.OrgId, body.AppId, body.RequestId, "face_match", CredentialDecision.Success, FaceScore: score)
            : new RealnamePayload(organisation.OrgId, body.AppId, body.RequestId, "face_mismatch", CredentialDecision.FaceMismatch, FaceScore: score);
        return signer.Sign(payload).ToResult();
    }

    private static RealnameVerification? Find(RealnameStore store, string orgId, string requestId, out ProblemCode problem)
    {
        problem = Identifiers.IsValid(requestId) ? AuthorityErrors.NotFound : AuthorityErrors.BadIdentifier;
        return Identifiers.IsValid(requestId) ? store.Find(orgId, requestId) : null;
    }
}
