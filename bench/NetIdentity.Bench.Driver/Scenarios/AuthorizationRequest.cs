using System.Security.Cryptography;
using System.Text;

namespace NetIdentity.Bench.Driver.Scenarios;

/// <summary>An authorization request as a platform makes it: code flow, PKCE S256 (RFC 7636), fresh state and nonce.</summary>
internal sealed record AuthorizationRequest(string ClientId, Uri RedirectUri, string Scope)
{
    public string State { get; } = Random(16);

    public string Nonce { get; } = Random(16);

    public string Verifier { get; } = Random(32);

    public string Challenge => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    /// <summary>The authorization endpoint's URL relative to the issuer.</summary>
    public string PathAndQuery =>
        "connect/authorize?client_id=" + Uri.EscapeDataString(ClientId)
        + "&response_type=code&scope=" + Uri.EscapeDataString(Scope)
        + "&redirect_uri=" + Uri.EscapeDataString(RedirectUri.ToString())
        + "&state=" + State + "&nonce=" + Nonce
        + "&code_challenge=" + Challenge + "&code_challenge_method=S256";

    public IEnumerable<KeyValuePair<string, string>> TokenRequest(string code) =>
    [
        new("grant_type", "authorization_code"),
        new("code", code),
        new("redirect_uri", RedirectUri.ToString()),
        new("code_verifier", Verifier),
    ];

    private static string Random(int bytes) => Base64Url(RandomNumberGenerator.GetBytes(bytes));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
