using System.Text.RegularExpressions;

namespace NetIdentity.ScaleOut.Tests;

/// <summary>
/// What counts as a clean failure when something behind the broker fails: what the person or
/// the platform is told is an NI code documented in docs/errors/, a standard OAuth error, or an
/// error page; never a hang, a dropped connection, or a page that looks right and is not.
/// </summary>
internal static partial class CleanFailures
{
    /// <summary>The OAuth errors a platform may receive when the broker cannot serve (RFC 6749 §4.1.2.1, §5.2).</summary>
    private static readonly HashSet<string> OAuthErrors = ["server_error", "temporarily_unavailable"];

    /// <summary>A login that ended with a documented NI code, an OAuth error, or a 5xx (whose answer <see cref="IsClean(ServerError)"/> checks).</summary>
    public static bool IsClean(LoginAttempt attempt) =>
        attempt.Code is { } code
        && (IsDocumented(code) || OAuthErrors.Contains(code) || ServerStatus().IsMatch(code));

    /// <summary>
    /// A 5xx that is an error page: an instance's page showing a documented NI code, or its JSON
    /// OAuth error; or, while no instance is ready, HAProxy's own 503 page.
    /// </summary>
    public static bool IsClean(ServerError answer) => answer.Instance is null
        ? answer.Status == 503 && answer.Body.Contains("No server is available to handle this request.", StringComparison.Ordinal)
        : (ErrorPage().Match(answer.Body) is { Success: true } page && IsDocumented(page.Groups[1].Value))
            || (answer.ContentType == "application/json" && OAuthError().Match(answer.Body) is { Success: true } error && OAuthErrors.Contains(error.Groups[1].Value));

    public static bool IsDocumented(string code) =>
        NiCode().IsMatch(code) && File.Exists(Path.Combine(ScaleOutCluster.RepositoryRoot, "docs", "errors", code + ".md"));

    [GeneratedRegex("^NI[0-9]{4}$")]
    private static partial Regex NiCode();

    [GeneratedRegex("^HTTP 5[0-9]{2}$")]
    private static partial Regex ServerStatus();

    [GeneratedRegex("data-error-code=\"(NI[0-9]{4})\"")]
    private static partial Regex ErrorPage();

    [GeneratedRegex("\"error\"\\s*:\\s*\"([a-z_]+)\"")]
    private static partial Regex OAuthError();
}
