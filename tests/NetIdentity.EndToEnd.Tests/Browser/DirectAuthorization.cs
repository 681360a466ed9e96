using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using NetIdentity.EndToEnd.Tests.Infrastructure;

namespace NetIdentity.EndToEnd.Tests.Browser;

/// <summary>
/// An authorization request the test makes itself as the sandbox's script client (a secret-based
/// platform with the forum's redirect URI), for what the forum cannot ask for (it always sends its configured <c>AcrLevel</c>, 1): code flow,
/// PKCE S256, state, nonce, <c>acr_values</c>. The person's browser goes through the broker's
/// pages as usual; the redirect back to the forum is noted in the browser, and the code is
/// redeemed here, over plain HTTP, with the forum's credentials.
/// </summary>
internal sealed class DirectAuthorization
{
    private readonly SandboxFixture sandbox;
    private readonly string verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
    private readonly string state = Base64Url(RandomNumberGenerator.GetBytes(16));
    private readonly TaskCompletionSource<Uri> callback = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DirectAuthorization(SandboxFixture sandbox, string scope, string? acrValues)
    {
        this.sandbox = sandbox;
        Nonce = Base64Url(RandomNumberGenerator.GetBytes(16));
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = SandboxFixture.ScriptClientId,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["redirect_uri"] = sandbox.PlatformRedirectUri.ToString(),
            ["state"] = state,
            ["nonce"] = Nonce,
            ["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
        };
        if (acrValues is not null)
        {
            query["acr_values"] = acrValues;
        }

        Url = new Uri(new Uri(sandbox.Broker, "connect/authorize"), "?" + string.Join('&', query.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value!))));
    }

    public Uri Url { get; }

    public string Nonce { get; }

    /// <summary>
    /// Notes the request <paramref name="page"/> makes to the forum's redirect URI: the
    /// authorization response. Playwright cannot route a redirect's target (the broker answers
    /// with a 302), so the browser still goes on to the forum, which refuses a response to a
    /// request it did not make (its state does not unprotect) without redeeming the code.
    /// </summary>
    public void ListenForCallback(IPage page) =>
        page.Request += (_, request) =>
        {
            if (request.Url.StartsWith(sandbox.PlatformRedirectUri.ToString(), StringComparison.Ordinal))
            {
                callback.TrySetResult(new Uri(request.Url));
            }
        };

    /// <summary>
    /// Waits for the authorization response, checks its <c>state</c> and <c>iss</c> (RFC 9207),
    /// redeems the code with the PKCE verifier, and returns the token response and the ID token's payload.
    /// </summary>
    public async Task<(JsonElement Tokens, JsonElement IdToken)> RedeemAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var response = ParseQuery((await callback.Task.WaitAsync(timeout, cancellationToken)).Query);
        Assert.False(response.ContainsKey("error"), $"The broker answered {response.GetValueOrDefault("error")}: {response.GetValueOrDefault("error_description")}");
        Assert.Equal(state, response.GetValueOrDefault("state"));
        Assert.Equal(sandbox.Broker.ToString(), response.GetValueOrDefault("iss"));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sandbox.Broker, "connect/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = response["code"],
                ["redirect_uri"] = sandbox.PlatformRedirectUri.ToString(),
                ["code_verifier"] = verifier,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{SandboxFixture.ScriptClientId}:{SandboxFixture.ScriptClientSecret}")));
        using var answer = await http.SendAsync(request, cancellationToken);
        var body = await answer.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(answer.IsSuccessStatusCode, $"The token request answered {(int)answer.StatusCode}: {body}");
        var tokens = JsonDocument.Parse(body).RootElement.Clone();
        return (tokens, Jwt.Payload(tokens.GetProperty("id_token").GetString()!));
    }

    /// <summary>Userinfo with the access token.</summary>
    public async Task<JsonElement> UserInfoAsync(JsonElement tokens, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        return await http.GetFromJsonAsync<JsonElement>(new Uri(sandbox.Broker, "connect/userinfo"), cancellationToken);
    }

    private static Dictionary<string, string> ParseQuery(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => Uri.UnescapeDataString(pair[0]), pair => Uri.UnescapeDataString(pair.Length > 1 ? pair[1].Replace('+', ' ') : ""), StringComparer.Ordinal);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
