using System.Text.RegularExpressions;

namespace NetIdentity.Client;

/// <summary>
/// Why a login failed, as a platform shows it: the OAuth <see cref="Error"/> code, the broker's
/// <see cref="Description"/>, and the NetIdentity error code (<c>NI1001</c>…) it starts with.
/// Read it in <c>OnRemoteFailure</c>:
/// <code>
/// var failure = NetIdentityLoginFailure.FromException(context.Failure);
/// </code>
/// </summary>
/// <param name="Error">The OAuth 2.0 error code (RFC 6749 §4.1.2.1), or <see cref="GenericError"/>.</param>
/// <param name="Description">The <c>error_description</c>, if any.</param>
/// <param name="ErrorUri">The <c>error_uri</c> the broker sent, if any.</param>
public sealed partial record NetIdentityLoginFailure(string Error, string? Description, string? ErrorUri)
{
    /// <summary>The error of a failure that carries no OAuth error (e.g. an expired correlation cookie).</summary>
    public const string GenericError = "login_failed";

    /// <summary>
    /// The error when the client refused the ID token: the assurance level is below the one
    /// requested, or the result is not <c>pass</c> (RFC 9470 §3: the authentication does not meet
    /// the requirements).
    /// </summary>
    public const string InsufficientAssuranceError = "insufficient_user_authentication";

    /// <summary>
    /// The NetIdentity error code the description starts with (<c>NI1001: …</c>), documented on
    /// the broker's <c>/errors/{code}</c> page; null when there is none.
    /// </summary>
    public string? NetIdErrorCode => Description is null ? null : CodePrefix().Match(Description) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>
    /// Reads the failure the OpenID Connect handler reported: a protocol error from the broker,
    /// the client's own assurance check, or a local failure (correlation, state, token validation).
    /// </summary>
    public static NetIdentityLoginFailure FromException(Exception? failure)
    {
        for (var current = failure; current is not null; current = current.InnerException)
        {
            if (current.Data["error"] is string { Length: > 0 } error)
            {
                return new(error, NullIfEmpty(current.Data["error_description"] as string), NullIfEmpty(current.Data["error_uri"] as string));
            }
        }

        return new(GenericError, NullIfEmpty(failure?.Message), null);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    [GeneratedRegex(@"^(NI\d{4}):", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex CodePrefix();
}
