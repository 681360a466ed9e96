using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using NetIdentity.Client;
using NetIdentity.DemoPlatform.Claims;

namespace NetIdentity.DemoPlatform.Pages;

/// <summary>
/// <c>/login-failed</c>: why a login did not succeed, in plain words, with the raw OAuth error
/// (RFC 6749 §4.1.2.1) and, for a NetIdentity code (<c>NI1001: …</c>), a link to the broker's
/// page about it. The values come from the query string, so they are only shown, never trusted.
/// </summary>
internal sealed class LoginFailedModel(IOptionsMonitor<NetIdentityOptions> options) : PageModel
{
    private const int MaxError = 64;
    private const int MaxDescription = 500;

    public string Error { get; private set; } = NetIdentityLoginFailure.GenericError;

    public string? Description { get; private set; }

    public Explanation Words { get; private set; } = LoginFailureWords.For(NetIdentityLoginFailure.GenericError);

    public string? NetIdCode { get; private set; }

    public Uri? NetIdCodePage { get; private set; }

    public void OnGet(string? error, string? description)
    {
        Error = string.IsNullOrWhiteSpace(error) ? "access_denied" : Truncate(error.Trim(), MaxError);
        Description = string.IsNullOrWhiteSpace(description) ? null : Truncate(description.Trim(), MaxDescription);
        Words = LoginFailureWords.For(Error);

        NetIdCode = new NetIdentityLoginFailure(Error, Description, null).NetIdErrorCode;
        var authority = options.Get(NetIdentityDefaults.AuthenticationScheme).Authority;
        if (NetIdCode is not null && authority is not null)
        {
            NetIdCodePage = new Uri(authority.AbsoluteUri.TrimEnd('/') + "/errors/" + NetIdCode);
        }
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length] + "…";
}
