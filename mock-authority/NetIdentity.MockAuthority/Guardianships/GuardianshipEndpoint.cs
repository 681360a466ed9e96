using System.Text.Json.Serialization;
using NetIdentity.MockAuthority.Personas;
using NetIdentity.MockAuthority.Protocol;

namespace NetIdentity.MockAuthority.Guardianships;

/// <summary>
/// <c>POST /v1/guardianships/check</c> (contract §6): is <c>guardian</c> a legal guardian of
/// <c>child</c> (PIPL Art. 31)? An unknown subject gives <c>none</c>, never saying which side.
/// </summary>
internal static class GuardianshipEndpoint
{
    public static void MapGuardianships(this IEndpointRouteBuilder v1) => v1.MapPost("/guardianships/check", CheckAsync);

    /// <summary>Exactly one of the two members is set.</summary>
    internal sealed record SubjectReference(string? AppScopedId = null, string? IdentityEnvelope = null);

    internal sealed record GuardianshipBody : SignedBody
    {
        public required string RequestId { get; init; }

        public required SubjectReference Child { get; init; }

        public required SubjectReference Guardian { get; init; }
    }

    internal sealed record DocumentReference(string IdType, string IdNumber);

    internal sealed record GuardianshipPayload(string OrgId, string AppId, string RequestId, string Relation, DateTimeOffset CheckedAt)
    {
        [JsonPropertyOrder(-1)]
        public string Type { get; init; } = "netid.guardianship";
    }

    private static async Task<IResult> CheckAsync(
        HttpContext context,
        SignedRequestReader reader,
        RequestIdLedger requestIds,
        PersonaCatalog personas,
        AppScopedIds appScopedIds,
        AuthorityEnvelopes envelopes,
        ResponseSigner signer,
        TimeProvider time)
    {
        var request = await reader.ReadAsync<GuardianshipBody>(context.Request, context.RequestAborted);
        if (!request.Succeeded)
        {
            return request.Error.ToResult();
        }

        var (organisation, body) = request.Value;
        if (!Identifiers.IsValid(body.RequestId))
        {
            return AuthorityErrors.BadIdentifier.ToResult();
        }

        var child = Resolve(body.Child);
        var guardian = Resolve(body.Guardian);
        if (!child.Succeeded || !guardian.Succeeded)
        {
            return AuthorityErrors.Malformed.ToResult();
        }

        if (!requestIds.TryUse(body.RequestId))
        {
            return AuthorityErrors.IdentifierUsed.ToResult();
        }

        var childPersona = child.Value.Persona;
        var isGuardian = childPersona is not null && guardian.Value.Persona?.GuardianOf.Contains(childPersona.Id) == true;
        var payload = new GuardianshipPayload(
            organisation.OrgId, body.AppId, body.RequestId, isGuardian ? "guardian" : "none", time.GetUtcNow());
        return signer.Sign(payload).ToResult();

        // A reference that names nobody is fine (relation none); one that cannot be read is not (A0400001).
        Checked<Resolved> Resolve(SubjectReference reference)
        {
            if (reference is { AppScopedId: { } id, IdentityEnvelope: null })
            {
                return new Resolved(appScopedIds.Resolve(organisation.OrgId, id, personas));
            }

            if (reference is { AppScopedId: null, IdentityEnvelope: { } envelope }
                && envelopes.TryOpen<DocumentReference>(envelope, body.RequestId) is { } document)
            {
                return new Resolved(personas.FindByNumber(document.IdType, document.IdNumber));
            }

            return AuthorityErrors.Malformed;
        }
    }

    private sealed record Resolved(Persona? Persona);
}
