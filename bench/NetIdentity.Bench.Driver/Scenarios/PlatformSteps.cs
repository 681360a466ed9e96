using System.Net;
using System.Text.Json;

namespace NetIdentity.Bench.Driver.Scenarios;

/// <summary>
/// The steps every login shares with the platform: the authorization request, the way back
/// through the broker to the redirect URI (code, RFC 6749 §4.1.2), and the token request.
/// </summary>
internal static class PlatformSteps
{
    /// <summary>Step <c>authorize</c>: the redirect to the broker's login page (or, on the baseline, straight to the redirect URI).</summary>
    public static async Task<string> AuthorizeAsync(Browser browser, Uri issuer, AuthorizationRequest request, LoginRecord record, CancellationToken cancellationToken)
    {
        var answer = await record.StepAsync("authorize", () => browser.GetAsync(new Uri(issuer, request.PathAndQuery), cancellationToken));
        return RedirectOrFail(answer, "authorize");
    }

    /// <summary>
    /// Step <c>return</c>: follows the broker's redirects from <paramref name="location"/> until
    /// the browser either leaves for the redirect URI (the code) or is shown a page (consent).
    /// </summary>
    public static async Task<Landing> ReturnAsync(Browser browser, Uri issuer, AuthorizationRequest request, string location, LoginRecord record, CancellationToken cancellationToken)
    {
        return await record.StepAsync("return", async () =>
        {
            for (var hop = 0; hop < 8; hop++)
            {
                var target = new Uri(issuer, location);
                if (target.GetLeftPart(UriPartial.Path) == request.RedirectUri.GetLeftPart(UriPartial.Path))
                {
                    return new Landing(CodeFrom(target, request), null, null);
                }

                var answer = await browser.GetAsync(target, cancellationToken);
                if (answer.Status == HttpStatusCode.OK)
                {
                    if (Pages.ErrorCode(answer.Body) is { } shown)
                    {
                        throw new LoginFailedException(shown, "return", $"the broker showed {target.AbsolutePath}");
                    }

                    return new Landing(null, target.PathAndQuery, answer.Body);
                }

                location = RedirectOrFail(answer, "return");
            }

            throw new LoginFailedException("redirect-loop", "return", "more than 8 redirects");
        });
    }

    /// <summary>Step <c>token</c>: the code redeemed with the client secret and the PKCE verifier; the ID token must be there.</summary>
    public static async Task TokenAsync(Browser browser, Uri issuer, string clientId, string secret, AuthorizationRequest request, string code, LoginRecord record, CancellationToken cancellationToken)
    {
        var answer = await record.StepAsync("token", () => browser.PostAsClientAsync(new Uri(issuer, "connect/token"), clientId, secret, request.TokenRequest(code), cancellationToken));
        if (answer.Status != HttpStatusCode.OK)
        {
            throw new LoginFailedException(OAuthError(answer) ?? Http(answer), "token", answer.Body.Length > 200 ? answer.Body[..200] : answer.Body);
        }

        using var json = JsonDocument.Parse(answer.Body);
        if (!json.RootElement.TryGetProperty("id_token", out _) || !json.RootElement.TryGetProperty("access_token", out _))
        {
            throw new LoginFailedException("no-id-token", "token", "the token response holds no id_token or access_token");
        }
    }

    /// <summary>The redirect's target, or the failure: an NI code the page shows, else the HTTP status.</summary>
    public static string RedirectOrFail(Answer answer, string step)
    {
        if (answer.IsRedirect && answer.Location is { } location)
        {
            return location;
        }

        throw new LoginFailedException(Pages.ErrorCode(answer.Body) ?? Http(answer), step, $"expected a redirect, got {(int)answer.Status}");
    }

    public static string Http(Answer answer) => "HTTP " + ((int)answer.Status).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The code at the redirect URI, or the OAuth error the platform received.</summary>
    public static string CodeFrom(Uri callback, AuthorizationRequest request)
    {
        var query = System.Web.HttpUtility.ParseQueryString(callback.Query);
        if (query["error"] is { } error)
        {
            // The login ended at the platform with an OAuth error; its description starts with the NI code (docs/errors/README.md).
            throw new LoginFailedException(Pages.DescriptionCode(query["error_description"] ?? string.Empty) ?? error, "return", "the platform received an error");
        }

        if (query["state"] != request.State)
        {
            throw new LoginFailedException("state-mismatch", "return", "the state did not come back");
        }

        return query["code"] is { Length: > 0 } code ? code : throw new LoginFailedException("no-code", "return", "no code at the redirect URI");
    }

    private static string? OAuthError(Answer answer)
    {
        try
        {
            using var json = JsonDocument.Parse(answer.Body);
            return json.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Where the way back ended: the code at the redirect URI, or a broker page (path and HTML).</summary>
internal sealed record Landing(string? Code, string? Page, string? Html);
