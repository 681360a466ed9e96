using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using NetIdentity.Cryptography;
using NetIdentity.MockAuthority.Hosting;
using NetIdentity.MockAuthority.Personas;
using NetIdentity.MockAuthority.Protocol;
using NetIdentity.MockAuthority.Sessions;

namespace NetIdentity.MockAuthority.Identity;

/// <summary>
/// <c>POST /v1/identity/query</c> (contract §4): plaintext identity after separate consent (PIPL
/// Art. 14/29), only to an entitled organisation, for a passed session, within the plaintext
/// window, once per bizSeq, only when the person confirmed the release in the app, and sealed to the organisation's own key.
/// </summary>
internal static class IdentityEndpoint
{
    private static readonly string[] KnownFields = ["name", "idType", "idNumber"];

    public static void MapIdentity(this IEndpointRouteBuilder v1) => v1.MapPost("/identity/query", QueryAsync);

    internal sealed record IdentityBody : SignedBody
    {
        public required string BizSeq { get; init; }

        public required string ConsentId { get; init; }

        public required IReadOnlyList<string> Fields { get; init; }
    }

    internal sealed record IdentityPayload(string OrgId, string AppId, string BizSeq, string AppScopedId, DateTimeOffset IssuedAt, string Envelope)
    {
        [JsonPropertyOrder(-1)]
        public string Type { get; init; } = "netid.identity";
    }

    private static async Task<IResult> QueryAsync(
        HttpContext context,
        SignedRequestReader reader,
        SessionStore store,
        AppScopedIds appScopedIds,
        ResponseSigner signer,
        MockAuthorityOptions options,
        TimeProvider time,
        ILogger<SessionStore> logger)
    {
        var request = await reader.ReadAsync<IdentityBody>(context.Request, context.RequestAborted);
        if (!request.Succeeded)
        {
            return request.Error.ToResult();
        }

        var (organisation, body) = request.Value;
        var now = time.GetUtcNow();
        var session = store.Find(organisation.OrgId, body.BizSeq);
        var answer = session?.Answer;
        var problem = !organisation.PlaintextEntitled ? AuthorityErrors.PlaintextNotEntitled
            : !Identifiers.IsValid(body.BizSeq) ? AuthorityErrors.BadIdentifier
            : string.IsNullOrWhiteSpace(body.ConsentId) || body.Fields.Count == 0 ? AuthorityErrors.Malformed
            : !body.Fields.All(KnownFields.Contains) ? AuthorityErrors.UnknownModeOrAttribute
            : session is null ? AuthorityErrors.NotFound
            : answer is not { Passed: true, Persona: not null } ? AuthorityErrors.SessionNotPassed

            // The national platform provides plaintext only with the person's own separate
            // consent (the Measures: 经用户单独同意), given in the app for this very session.
            : !answer.IdentityConfirmed ? AuthorityErrors.IdentityNotConfirmed
            : session.IdentityReleased ? AuthorityErrors.IdentityReleased
            : now > answer.AnsweredAt.AddSeconds(options.PlaintextWindowSeconds) ? AuthorityErrors.PlaintextWindowPassed
            : !session.TryReleaseIdentity() ? AuthorityErrors.IdentityReleased
            : null;
        if (problem == AuthorityErrors.IdentityNotConfirmed)
        {
            Log.IdentityNotConfirmed(logger, organisation.OrgId, body.BizSeq);
        }

        if (problem is not null || answer?.Persona is not { } persona)
        {
            return (problem ?? AuthorityErrors.SessionNotPassed).ToResult();
        }

        var plaintext = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in body.Fields)
        {
            plaintext[field] = field switch
            {
                "name" => persona.Name,
                "idType" => persona.IdType,
                _ => persona.IdNumber,
            };
        }

        // Sealed to the organisation's registered key, bound to this bizSeq (contract §4).
        var envelope = Sm2Envelope.Seal(organisation.PublicKey, JsonSerializer.SerializeToUtf8Bytes(plaintext, WireJson.Options), Encoding.ASCII.GetBytes(body.BizSeq));
        Log.IdentityReleased(logger, organisation.OrgId, body.BizSeq);
        var payload = new IdentityPayload(
            organisation.OrgId, body.AppId, body.BizSeq, appScopedIds.For(organisation.OrgId, persona), now, Base64Url.EncodeToString(envelope));
        return signer.Sign(payload).ToResult();
    }
}
