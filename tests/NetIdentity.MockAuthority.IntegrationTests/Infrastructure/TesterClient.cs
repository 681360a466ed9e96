using System.Net.Http.Json;
using System.Text.Json;
using NetIdentity.Cryptography;

namespace NetIdentity.MockAuthority.IntegrationTests.Infrastructure;

/// <summary>The tester API (unsigned), as a script would call it.</summary>
internal sealed class TesterClient(HttpClient http)
{
    /// <summary>Approves as <paramref name="persona"/>, picking <paramref name="matchCode"/> (by default the code the test sessions show).</summary>
    public Task<AuthorityResponse> ApproveAsync(
        string bizSeq, string persona, CancellationToken cancellationToken, string? password = null, string? face = null,
        string matchCode = AuthorityClient.MatchCode, string? identity = null, string? channel = null) =>
        PostAsync($"/tester/sessions/{bizSeq}/approve", new { persona, password, face, matchCode, identity, channel }, cancellationToken);

    public Task<AuthorityResponse> DenyAsync(string bizSeq, CancellationToken cancellationToken) =>
        PostAsync($"/tester/sessions/{bizSeq}/deny", null, cancellationToken);

    public Task<AuthorityResponse> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<AuthorityResponse> PostAsync(string path, object? body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body, cancellationToken);

    public async Task<AuthorityResponse> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await http.SendAsync(request, cancellationToken);
        return new AuthorityResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>The code last sent to <paramref name="phone"/>.</summary>
    public async Task<string> OtpAsync(string phone, CancellationToken cancellationToken)
    {
        var response = await GetAsync($"/tester/otp/{phone}", cancellationToken);
        response.AssertStatus(System.Net.HttpStatusCode.OK);
        return response.Json.GetProperty("code").GetString()!;
    }

    /// <summary>Registers a fresh organisation with a new key pair.</summary>
    public async Task<(string OrgId, Sm2PrivateKey Key)> RegisterOrganisationAsync(
        CancellationToken cancellationToken, bool plaintextEntitled = false, params string[] allowedAttributes)
    {
        var key = Sm2PrivateKey.Generate();
        var orgId = "ORG-TEST-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var response = await PostAsync("/tester/organisations", new
        {
            orgId,
            displayName = "测试机构 Test organisation",
            appIds = new[] { "test-app" },
            publicKeyPem = key.PublicKey.ExportPem(),
            allowedAttributes,
            plaintextEntitled,
        }, cancellationToken);
        response.AssertStatus(System.Net.HttpStatusCode.Created);
        return (orgId, key);
    }

    public static JsonElement[] Array(AuthorityResponse response) => [.. response.Json.EnumerateArray()];
}
