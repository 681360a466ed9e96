using System.Net;
using NetIdentity.Core.Errors;
using NetIdentity.Data.Audit;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>Assertions on what a platform receives when an authorization request ends in an error.</summary>
internal static class ProtocolAssert
{
    /// <summary>The broker's issuer as the in-process test server serves it.</summary>
    public const string Issuer = "http://localhost/";

    /// <summary>
    /// The browser came back to the platform's registered redirect URI with an OAuth error
    /// (RFC 6749 §4.1.2.1): exactly <paramref name="error"/> and <paramref name="description"/>,
    /// the platform's <c>state</c>, the issuer (RFC 9207 §2), and no code.
    /// </summary>
    public static Dictionary<string, string> ErrorRedirect(Uri landing, AuthorizationRequest request, string error, string description)
    {
        Assert.Equal(request.RedirectUri, landing.GetLeftPart(UriPartial.Path));
        var query = LoginDriver.Query(landing);
        Assert.Equal(error, query.GetValueOrDefault("error"));
        Assert.Equal(description, query.GetValueOrDefault("error_description"));
        Assert.Equal(request.State, query.GetValueOrDefault("state"));
        Assert.Equal(Issuer, query.GetValueOrDefault("iss"));
        Assert.False(query.ContainsKey("code"), "An error response must not carry a code.");
        return query;
    }

    /// <summary>
    /// A NetIdentity login error (docs/errors/): the OAuth error of <paramref name="code"/>, a
    /// description that starts with the code and is exactly the catalogue's, and its error page.
    /// </summary>
    public static void LoginError(Uri landing, AuthorizationRequest request, string expectedError, string code)
    {
        var catalogued = LoginErrors.Find(code) ?? throw new ArgumentException($"{code} is not in the catalogue.", nameof(code));
        var query = ErrorRedirect(landing, request, expectedError, catalogued.OAuthDescription);
        Assert.StartsWith(code + ": ", query["error_description"], StringComparison.Ordinal);
        Assert.Equal($"{Issuer}errors/{code}", query.GetValueOrDefault("error_uri"));
    }

    /// <summary>
    /// OpenIddict refused the authorization request at the broker itself, without redirecting
    /// (RFC 6749 §4.1.2.1: never to an unverified redirect URI), with exactly this error and
    /// description in its plain-text error page.
    /// </summary>
    public static async Task LocalError(HttpResponseMessage response, string error, string description)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var fields = body.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim());
        Assert.Equal(error, fields.GetValueOrDefault("error"));
        Assert.Equal(description, fields.GetValueOrDefault("error_description"));
    }

    /// <summary>The authentication log kept the attempt, with its code and no subject (PRODUCT rule 6).</summary>
    public static void FailureLogged(AuthenticationLogRecord row, TestPlatform platform, string code, string? bizSeq)
    {
        Assert.Equal(code, row.ResultCode);
        Assert.Equal(platform.ClientId, row.ClientId);
        Assert.Equal("netid", row.Path);
        Assert.Null(row.Subject);
        if (bizSeq is not null)
        {
            Assert.Equal(bizSeq, row.BizSeq);
        }
    }
}
