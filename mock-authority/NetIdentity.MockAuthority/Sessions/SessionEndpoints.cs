using NetIdentity.MockAuthority.Hosting;
using NetIdentity.MockAuthority.Organisations;
using NetIdentity.MockAuthority.Personas;
using NetIdentity.MockAuthority.Protocol;

namespace NetIdentity.MockAuthority.Sessions;

/// <summary><c>POST /v1/sessions</c> and <c>POST /v1/credentials/query</c> (contract §3).</summary>
internal static class SessionEndpoints
{
    public static void MapSessions(this IEndpointRouteBuilder v1)
    {
        v1.MapPost("/sessions", OpenAsync);
        v1.MapPost("/credentials/query", QueryAsync);
    }

    internal sealed record OpenBody : SignedBody
    {
        public required string BizSeq { get; init; }

        public required string Mode { get; init; }

        public IReadOnlyList<string>? Attributes { get; init; }

        /// <summary>The platform's display name, shown in the app (contract v2).</summary>
        public string? PlatformName { get; init; }

        /// <summary>The number-matching code shown in the browser (contract v2).</summary>
        public string? MatchCode { get; init; }

        /// <summary>Where an app-link approval returns with its one-time value (contract v2).</summary>
        public string? ReturnUri { get; init; }

        /// <summary>The caller will ask for plaintext (§4): the app asks the person separately (contract v2).</summary>
        public bool IdentityRelease { get; init; }
    }

    internal sealed record QueryBody : SignedBody
    {
        public required string BizSeq { get; init; }
    }

    private static async Task<IResult> OpenAsync(
        HttpContext context,
        SignedRequestReader reader,
        SessionStore store,
        ResponseSigner signer,
        MockAuthorityOptions options,
        TimeProvider time,
        ILogger<SessionStore> logger)
    {
        var request = await reader.ReadAsync<OpenBody>(context.Request, context.RequestAborted);
        if (!request.Succeeded)
        {
            return request.Error.ToResult();
        }

        var (organisation, body) = request.Value;
        var attributes = body.Attributes?.Distinct(StringComparer.Ordinal).ToList() ?? [];
        var modeKnown = ServiceModes.TryParse(body.Mode, out var mode);
        var problem = !Identifiers.IsValid(body.BizSeq) ? AuthorityErrors.BadIdentifier
            : !modeKnown ? AuthorityErrors.UnknownModeOrAttribute
            : !attributes.All(Organisation.KnownAttributes.Contains) ? AuthorityErrors.UnknownModeOrAttribute
            : !attributes.All(organisation.AllowedAttributes.Contains) ? AuthorityErrors.AttributeNotAuthorised
            : !SessionRequestRules.IsPlatformName(body.PlatformName) || !SessionRequestRules.IsMatchCode(body.MatchCode) ? AuthorityErrors.Malformed
            : body.ReturnUri is not null && SessionRequestRules.ReturnUri(body.ReturnUri) is null ? AuthorityErrors.Malformed
            : body.IdentityRelease && !organisation.PlaintextEntitled ? AuthorityErrors.PlaintextNotEntitled
            : null;
        if (problem is not null)
        {
            return problem.ToResult();
        }

        var now = time.GetUtcNow();
        var session = new VerificationSession
        {
            BizSeq = body.BizSeq,
            OrgId = organisation.OrgId,
            AppId = body.AppId,
            Mode = mode,
            Attributes = attributes,
            PlatformName = body.PlatformName!,
            MatchCode = body.MatchCode!,
            ReturnUri = body.ReturnUri is null ? null : SessionRequestRules.ReturnUri(body.ReturnUri),
            IdentityRequested = body.IdentityRelease,
            CreatedAt = now,
            ExpiresAt = now.AddSeconds(options.SessionLifetimeSeconds),
        };
        if (!store.TryAdd(session))
        {
            return AuthorityErrors.IdentifierUsed.ToResult();
        }

        Log.SessionOpened(logger, organisation.OrgId, session.BizSeq, body.Mode);
        // The app tells a scanned QR code from an app link opened on the same phone (contract v2,
        // §3); the simulated app learns it from the address it was opened at.
        var link = $"{PublicBase(context, options)}/app/sessions/{session.BizSeq}";
        var payload = new SessionPayload(
            session.OrgId, session.AppId, session.BizSeq, body.Mode, "pending", link, link + "?via=applink", session.CreatedAt, session.ExpiresAt);
        return signer.Sign(payload).ToResult(StatusCodes.Status201Created);
    }

    private static async Task<IResult> QueryAsync(
        HttpContext context,
        SignedRequestReader reader,
        SessionStore store,
        MockAuthorityOptions options,
        TimeProvider time)
    {
        var request = await reader.ReadAsync<QueryBody>(context.Request, context.RequestAborted);
        if (!request.Succeeded)
        {
            return request.Error.ToResult();
        }

        var (organisation, body) = request.Value;
        if (!Identifiers.IsValid(body.BizSeq))
        {
            return AuthorityErrors.BadIdentifier.ToResult();
        }

        var session = store.Find(organisation.OrgId, body.BizSeq);
        if (session is null)
        {
            return AuthorityErrors.NotFound.ToResult();
        }

        var now = time.GetUtcNow();
        if (session.Answer is not { } answer)
        {
            return now > session.ExpiresAt
                ? AuthorityErrors.Expired.ToResult()
                : TypedResults.Json(new PendingCredential(session.BizSeq, "pending", session.ExpiresAt), WireJson.Options, statusCode: StatusCodes.Status202Accepted);
        }

        // A lost response may be retried for a while after the answer (contract §3).
        if (now > answer.AnsweredAt.AddSeconds(options.CredentialRefetchSeconds))
        {
            return AuthorityErrors.Expired.ToResult();
        }

        if (answer.Persona is { Behaviour: PersonaBehaviour.Slow } slow)
        {
            var delay = options.SlowDelayMs ?? slow.DelayMs ?? 3000;
            await Task.Delay(TimeSpan.FromMilliseconds(delay), time, context.RequestAborted);
        }

        return answer.Persona is { Behaviour: PersonaBehaviour.Outage }
            ? AuthorityErrors.Unavailable.ToResult()
            : answer.Credential.ToResult();
    }

    /// <summary>Where the simulated app lives: configured, or the host the caller reached.</summary>
    private static string PublicBase(HttpContext context, MockAuthorityOptions options) =>
        options.PublicBaseUrl is { } configured
            ? configured.ToString().TrimEnd('/')
            : $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
}
