using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetIdentity.Cryptography;
using NetIdentity.Core.Verification;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace NetIdentity.Authority.Http;

/// <summary>
/// The HTTP client of docs/authority-contract.md. Signs each request body with the organisation
/// key (§1.1), verifies each signed answer against the pinned keys before reading it (§1.2), and
/// turns every other outcome into an <see cref="AuthorityException"/>. Timeouts, retries and the
/// circuit breaker sit in the HttpClient pipeline (see AuthorityServiceCollectionExtensions).
/// </summary>
internal sealed partial class AuthorityHttpClient(
    HttpClient http,
    AuthorityKeys keys,
    IOptions<AuthorityOptions> options,
    TimeProvider time,
    ILogger<AuthorityHttpClient> logger) : INationalAuthority
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly string _orgId = options.Value.OrgId;
    private readonly string _appId = options.Value.AppId;

    public async Task<OpenedSession> OpenSessionAsync(SessionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new SessionRequestWire(
            _orgId, _appId, Now(), request.BizSeq, request.Mode.ToString(), request.Attributes.Count == 0 ? null : request.Attributes,
            request.PlatformName, request.MatchCode, request.ReturnUri?.AbsoluteUri, request.IdentityRelease);
        var (status, content) = await PostAsync("v1/sessions", body, AuthorityJson.Default.SessionRequestWire, cancellationToken);
        RequireSuccess("v1/sessions", status, content, HttpStatusCode.Created);
        var payload = ReadSigned("v1/sessions", content, "netid.session");
        RequireParty(payload);
        if (payload.BizSeq != request.BizSeq || payload.QrPayload is null || payload.ExpiresAt is null
            || !Uri.TryCreate(payload.AppLink, UriKind.Absolute, out var appLink))
        {
            throw new AuthorityException(AuthorityFailure.InvalidResponse);
        }

        return new OpenedSession(request.BizSeq, request.Mode, payload.QrPayload, appLink, payload.ExpiresAt.Value);
    }

    public async Task<CredentialPoll> QueryCredentialAsync(string bizSeq, CancellationToken cancellationToken)
    {
        var body = new BizSeqRequestWire(_orgId, _appId, Now(), bizSeq);
        var (status, content) = await PostAsync("v1/credentials/query", body, AuthorityJson.Default.BizSeqRequestWire, cancellationToken);
        if (status == HttpStatusCode.Accepted)
        {
            var pending = AuthorityJson.Read(content, AuthorityJson.Default.PendingWire);
            return new CredentialPoll(null, pending?.ExpiresAt);
        }

        RequireSuccess("v1/credentials/query", status, content, HttpStatusCode.OK);

        // bizSeq and organisation are judged by CredentialRules, so that a replayed or
        // misdirected credential is reported as such rather than as a malformed answer. The
        // appId is checked here (§8 point 2): nothing after the adapter knows which app we are.
        var payload = ReadSigned("v1/credentials/query", content, "netid.credential");
        if (payload.AppId != _appId)
        {
            throw new AuthorityException(AuthorityFailure.InvalidResponse);
        }

        return new CredentialPoll(CredentialMapper.ToCredential(payload), null);
    }

    public async Task<SealedIdentity> QueryIdentityAsync(IdentityRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new IdentityRequestWire(_orgId, _appId, Now(), request.BizSeq, request.ConsentId, request.Fields);
        var (status, content) = await PostAsync("v1/identity/query", body, AuthorityJson.Default.IdentityRequestWire, cancellationToken);
        RequireSuccess("v1/identity/query", status, content, HttpStatusCode.OK);
        var payload = ReadSigned("v1/identity/query", content, "netid.identity");
        RequireParty(payload);
        if (payload.BizSeq != request.BizSeq || payload.AppScopedId is null || !TryDecodeBase64Url(payload.Envelope, out var envelope))
        {
            throw new AuthorityException(AuthorityFailure.InvalidResponse);
        }

        return new SealedIdentity(request.BizSeq, payload.AppScopedId, envelope);
    }

    public async Task<bool> IsGuardianAsync(SubjectReference child, SubjectReference guardian, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(guardian);
        // A document sealed earlier fixes the request id (it is the envelope's associated data).
        var requestId = child.RequestId ?? guardian.RequestId ?? Identifiers.NewRequestId();
        if ((child.RequestId ?? requestId) != requestId || (guardian.RequestId ?? requestId) != requestId)
        {
            throw new ArgumentException("Sealed documents of one guardianship check must share its request id.", nameof(guardian));
        }

        var body = new GuardianshipRequestWire(_orgId, _appId, Now(), requestId, ToWire(child, requestId), ToWire(guardian, requestId));
        var (status, content) = await PostAsync("v1/guardianships/check", body, AuthorityJson.Default.GuardianshipRequestWire, cancellationToken);
        RequireSuccess("v1/guardianships/check", status, content, HttpStatusCode.OK);
        var payload = ReadSigned("v1/guardianships/check", content, "netid.guardianship");
        RequireParty(payload);
        if (payload.RequestId != requestId || payload.Relation is not ("guardian" or "none"))
        {
            throw new AuthorityException(AuthorityFailure.InvalidResponse);
        }

        return payload.Relation == "guardian";
    }

    public async Task<RealNameStep> StartRealNameAsync(RealNameSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var identity = JsonSerializer.SerializeToUtf8Bytes(
            new RealNameIdentityWire(submission.Name, submission.IdType, submission.IdNumber, submission.Phone),
            AuthorityJson.Default.RealNameIdentityWire);
        string envelope;
        try
        {
            envelope = Base64Url.EncodeToString(Sm2Envelope.Seal(keys.EncryptionKey, identity, System.Text.Encoding.ASCII.GetBytes(submission.RequestId)));
        }
        finally
        {
            Array.Clear(identity);
        }

        var body = new RealNameStartWire(_orgId, _appId, Now(), submission.RequestId, envelope);
        return await RealNameStepAsync("v1/realname/verifications", submission.RequestId, body, AuthorityJson.Default.RealNameStartWire, cancellationToken);
    }

    public Task<RealNameStep> VerifyRealNameCodeAsync(string requestId, string code, CancellationToken cancellationToken) =>
        RealNameStepAsync("v1/realname/verifications/otp", requestId, new RealNameCodeWire(_orgId, _appId, Now(), requestId, code), AuthorityJson.Default.RealNameCodeWire, cancellationToken);

    public Task<RealNameStep> VerifyRealNameFaceAsync(string requestId, ReadOnlyMemory<byte> faceSample, CancellationToken cancellationToken) =>
        RealNameStepAsync("v1/realname/verifications/face", requestId, new RealNameFaceWire(_orgId, _appId, Now(), requestId, Convert.ToBase64String(faceSample.Span)), AuthorityJson.Default.RealNameFaceWire, cancellationToken);

    private async Task<RealNameStep> RealNameStepAsync<T>(string path, string requestId, T body, JsonTypeInfo<T> info, CancellationToken cancellationToken)
    {
        var (status, content) = await PostAsync(path, body, info, cancellationToken);
        RequireSuccess(path, status, content, HttpStatusCode.OK);
        var payload = ReadSigned(path, content, "netid.realname");
        RequireParty(payload);
        if (payload.RequestId != requestId || payload.Status is null || payload.ResultCode is null)
        {
            throw new AuthorityException(AuthorityFailure.InvalidResponse);
        }

        return new RealNameStep(requestId, payload.Status, payload.ResultCode, payload.AttemptsLeft, payload.FaceScore);
    }

    private SubjectRefWire ToWire(SubjectReference reference, string requestId)
    {
        if (reference.AppScopedId is not null)
        {
            return new SubjectRefWire(reference.AppScopedId, null);
        }

        if (reference.SealedDocument is not null)
        {
            return new SubjectRefWire(null, reference.SealedDocument);
        }

        var document = JsonSerializer.SerializeToUtf8Bytes(new DocumentWire(reference.IdType!, reference.IdNumber!), AuthorityJson.Default.DocumentWire);
        try
        {
            var sealedDocument = Sm2Envelope.Seal(keys.EncryptionKey, document, System.Text.Encoding.ASCII.GetBytes(requestId));
            return new SubjectRefWire(null, Base64Url.EncodeToString(sealedDocument));
        }
        finally
        {
            Array.Clear(document);
        }
    }

    private async Task<(HttpStatusCode Status, byte[] Content)> PostAsync<T>(string path, T body, JsonTypeInfo<T> info, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, info);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = Json;
        request.Options.Set(AuthorityCallPolicy.Retriable, AuthorityCallPolicy.IsRetriable(path));
        request.Headers.Add("X-NetId-Org", _orgId);
        request.Headers.Add("X-NetId-Signature", Convert.ToBase64String(keys.OrganisationKey.Sign(bytes)));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellationToken));
        }
        catch (TimeoutRejectedException e)
        {
            Log.CallIncomplete(logger, path, "timeout");
            throw new AuthorityException(AuthorityFailure.Timeout, null, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.CallIncomplete(logger, path, "timeout");
            throw new AuthorityException(AuthorityFailure.Timeout, null, e);
        }
        catch (BrokenCircuitException e)
        {
            Log.CallIncomplete(logger, path, "circuit open");
            throw new AuthorityException(AuthorityFailure.Unavailable, null, e);
        }
        catch (HttpRequestException e)
        {
            Log.CallIncomplete(logger, path, "network");
            throw new AuthorityException(AuthorityFailure.Unavailable, null, e);
        }
    }

    private void RequireSuccess(string path, HttpStatusCode status, byte[] content, HttpStatusCode expected)
    {
        if (status == expected)
        {
            return;
        }

        string? code = null;
        if ((int)status >= 400)
        {
            try
            {
                code = JsonSerializer.Deserialize(content, AuthorityJson.Default.ProblemWire)?.Code;
            }
            catch (JsonException)
            {
                code = null;
            }

            // The problem body is unsigned and the code goes into the exception message and the
            // log: keep it only if it has the shape of a §1.3 code, so no echoed data rides along.
            if (!IsErrorCode(code))
            {
                code = null;
            }
        }

        Log.CallRejected(logger, path, (int)status, code ?? "-");
        throw new AuthorityException((int)status >= 500 ? AuthorityFailure.Unavailable : AuthorityFailure.Rejected, code);
    }

    private PayloadWire ReadSigned(string path, byte[] content, string expectedType)
    {
        var signed = AuthorityJson.Read(content, AuthorityJson.Default.SignedWire);
        if (signed?.Payload is null || signed.Signature is null || signed.Kid is null)
        {
            throw new AuthorityException(AuthorityFailure.InvalidResponse);
        }

        if (!keys.SigningKeys.TryGetValue(signed.Kid, out var key)
            || !TryDecodeBase64Url(signed.Payload, out var payload)
            || !TryDecodeBase64(signed.Signature, out var signature)
            || !key.Verify(payload.Span, signature))
        {
            Log.BadSignature(logger, path, signed.Kid);
            throw new AuthorityException(AuthorityFailure.InvalidSignature);
        }

        var wire = AuthorityJson.Read(payload.Span, AuthorityJson.Default.PayloadWire);
        if (wire is null || wire.Type != expectedType)
        {
            throw new AuthorityException(AuthorityFailure.InvalidResponse);
        }

        return wire;
    }

    private void RequireParty(PayloadWire payload)
    {
        if (payload.OrgId != _orgId || payload.AppId != _appId)
        {
            throw new AuthorityException(AuthorityFailure.InvalidResponse);
        }
    }

    private string Now() => time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static bool IsErrorCode(string? code) =>
        code is { Length: 8 } && char.IsAsciiLetterUpper(code[0]) && code.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;

    private static bool TryDecodeBase64Url(string? text, out ReadOnlyMemory<byte> bytes)
    {
        bytes = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        try
        {
            bytes = Base64Url.DecodeFromChars(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool TryDecodeBase64(string text, out byte[] bytes)
    {
        bytes = new byte[text.Length];
        if (Convert.TryFromBase64String(text, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        return false;
    }
}
