using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NetIdentity.Cryptography;

namespace NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

/// <summary>
/// A minimal caller of the contract: signs each body with the organisation's key (§1.1) and
/// stamps it from the shared clock. Deliberately independent of the mock's own types.
/// </summary>
internal sealed class AuthorityClient(HttpClient http, TimeProvider clock, string orgId, string appId, Sm2PrivateKey key)
{
    public string OrgId { get; } = orgId;

    public Sm2PrivateKey Key { get; } = key;

    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>POSTs <paramref name="members"/> plus orgId, appId and timestamp (which a member may override, or remove with null).</summary>
    public Task<AuthorityResponse> PostAsync(string path, Dictionary<string, object?> members, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, object?>
        {
            ["orgId"] = OrgId,
            ["appId"] = appId,
            ["timestamp"] = clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in members)
        {
            body[name] = value;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(body.Where(m => m.Value is not null).ToDictionary());
        return PostRawAsync(path, bytes, cancellationToken);
    }

    /// <summary>POSTs exact bytes, signed by <paramref name="signer"/> (this organisation's key by default).</summary>
    public async Task<AuthorityResponse> PostRawAsync(
        string path, byte[] body, CancellationToken cancellationToken, string? orgHeader = null, Sm2PrivateKey? signer = null, string? signature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-NetId-Org", orgHeader ?? OrgId);
        request.Headers.Add("X-NetId-Signature", signature ?? Convert.ToBase64String((signer ?? Key).Sign(body)));
        using var response = await http.SendAsync(request, cancellationToken);
        return new AuthorityResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>The matching code the tests' sessions show "in the browser" (contract v2, number matching).</summary>
    public const string MatchCode = "42";

    public const string PlatformName = "测试论坛 Test forum";

    public Task<AuthorityResponse> OpenSessionAsync(string bizSeq, string mode, CancellationToken cancellationToken, params string[] attributes) =>
        OpenSessionWithAsync(bizSeq, mode, new(), cancellationToken, attributes);

    /// <summary>Opens a session with the v2 members (platformName, matchCode) and <paramref name="extra"/> (which may override or remove them).</summary>
    public Task<AuthorityResponse> OpenSessionWithAsync(string bizSeq, string mode, Dictionary<string, object?> extra, CancellationToken cancellationToken, params string[] attributes)
    {
        var members = new Dictionary<string, object?>
        {
            ["bizSeq"] = bizSeq,
            ["mode"] = mode,
            ["attributes"] = attributes.Length == 0 ? null : attributes,
            ["platformName"] = PlatformName,
            ["matchCode"] = MatchCode,
        };
        foreach (var (name, value) in extra)
        {
            members[name] = value;
        }

        return PostAsync("/v1/sessions", members, cancellationToken);
    }

    public Task<AuthorityResponse> QueryCredentialAsync(string bizSeq, CancellationToken cancellationToken) =>
        PostAsync("/v1/credentials/query", new() { ["bizSeq"] = bizSeq }, cancellationToken);

    public Task<AuthorityResponse> QueryIdentityAsync(string bizSeq, CancellationToken cancellationToken, params string[] fields) =>
        PostAsync("/v1/identity/query", new()
        {
            ["bizSeq"] = bizSeq,
            ["consentId"] = NewId(),
            ["fields"] = fields.Length == 0 ? new[] { "name", "idType", "idNumber" } : fields,
        }, cancellationToken);

    /// <summary>Seals JSON to the authority's published <c>enc</c> key, bound to <paramref name="requestId"/> (contract §1.4).</summary>
    public static string SealToAuthority(object content, string requestId) =>
        Base64Url.EncodeToString(Sm2Envelope.Seal(TestKeys.EncryptionKey, JsonSerializer.SerializeToUtf8Bytes(content), Encoding.ASCII.GetBytes(requestId)));
}
