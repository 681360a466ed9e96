using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using NetIdentity.Client;
using NetIdentity.DemoPlatform.Claims;
using NetIdentity.DemoPlatform.Hosting;

namespace NetIdentity.DemoPlatform.Pages;

/// <summary><c>/me</c>: exactly what the forum received at login, and what it did not.</summary>
internal sealed class MeModel : PageModel
{
    public ReceivedClaims Received { get; private set; } = ReceivedClaims.Read(null, null);

    public bool Verified { get; private set; }

    public int? Level { get; private set; }

    public DateTimeOffset? VerifiedAt { get; private set; }

    public string? Subject { get; private set; }

    public async Task OnGetAsync()
    {
        var session = await HttpContext.AuthenticateAsync();
        var idToken = session.Properties?.GetTokenValue(OpenIdConnectParameterNames.IdToken);
        string? userInfo = null;
        session.Properties?.Items.TryGetValue(LoginEvents.UserInfoItem, out userInfo);

        Received = ReceivedClaims.Read(idToken, userInfo);
        Verified = User.IsNetIdVerified();
        Level = User.GetAssuranceLevel();
        VerifiedAt = User.GetNetIdVerifiedAt();
        Subject = User.FindFirst(NetIdentityClaimTypes.Subject)?.Value;
    }
}
