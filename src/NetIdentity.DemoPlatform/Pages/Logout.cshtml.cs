using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NetIdentity.Client;

namespace NetIdentity.DemoPlatform.Pages;

/// <summary>
/// <c>/logout</c>: ends the forum's session, then NetIdentity's, through its end-session endpoint
/// (OpenID Connect RP-Initiated Logout 1.0), which returns to <c>/signout-callback-oidc</c> and then home.
/// A POST, so another site cannot log people out with a link.
/// </summary>
internal sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Page() : Redirect("/");

    public IActionResult OnPost()
    {
        var properties = new AuthenticationProperties { RedirectUri = "/" };
        return User.Identity?.IsAuthenticated == true
            ? SignOut(properties, CookieAuthenticationDefaults.AuthenticationScheme, NetIdentityDefaults.AuthenticationScheme)
            : SignOut(properties, CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
