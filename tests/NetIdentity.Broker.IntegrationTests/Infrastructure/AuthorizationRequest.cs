using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>An authorization request as a platform would make it, with fresh PKCE, state and nonce.</summary>
internal sealed record AuthorizationRequest(TestPlatform Platform)
{
    public string Scope { get; init; } = "openid netid";

    public string State { get; init; } = Random();

    public string Nonce { get; init; } = Random();

    public string Verifier { get; init; } = Random() + Random();

    public string? CodeChallengeMethod { get; init; } = "S256";

    public string? RedirectUri { get; init; } = Platform.RedirectUri;

    public string ResponseType { get; init; } = "code";

    public string? AcrValues { get; init; }

    public string? Prompt { get; init; }

    public string? ResponseMode { get; init; }

    /// <summary>The <c>claims</c> parameter (OIDC Core §5.5), as JSON text.</summary>
    public string? Claims { get; init; }

    public string Challenge => CodeChallengeMethod == "plain"
        ? Verifier
        : Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    public IDictionary<string, string?> Parameters()
    {
        var parameters = new Dictionary<string, string?>
        {
            ["client_id"] = Platform.ClientId,
            ["response_type"] = ResponseType,
            ["scope"] = Scope,
            ["redirect_uri"] = RedirectUri,
            ["state"] = State,
            ["nonce"] = Nonce,
        };
        if (CodeChallengeMethod is not null)
        {
            parameters["code_challenge"] = Challenge;
            parameters["code_challenge_method"] = CodeChallengeMethod;
        }

        if (AcrValues is not null)
        {
            parameters["acr_values"] = AcrValues;
        }

        if (Prompt is not null)
        {
            parameters["prompt"] = Prompt;
        }

        if (ResponseMode is not null)
        {
            parameters["response_mode"] = ResponseMode;
        }

        if (Claims is not null)
        {
            parameters["claims"] = Claims;
        }

        return parameters;
    }

    public string Url() => QueryHelpers.AddQueryString("/connect/authorize", Parameters().Where(p => p.Value is not null));

    private static string Random() => Base64Url(RandomNumberGenerator.GetBytes(24));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
