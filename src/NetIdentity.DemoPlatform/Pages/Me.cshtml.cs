using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using NetIdentity.Client;
using NetIdentity.DemoPlatform.Claims;
using NetIdentity.DemoPlatform.Hosting;
using NetIdentity.DemoPlatform.Storage;

namespace NetIdentity.DemoPlatform.Pages;

/// <summary><c>/me</c>: exactly what the forum received at login, what it kept, and what it did not receive.</summary>
internal sealed class MeModel(KeptDataStore keptData, ReceivedEventStore events) : PageModel
{
    /// <summary>What the forum keeps about the person (consented claims), if anything.</summary>
    public KeptData? Kept { get; private set; }

    /// <summary>The newest consent withdrawal received for the person, if any.</summary>
    public ReceivedEvent? LastWithdrawal { get; private set; }

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
        if (!string.IsNullOrEmpty(Subject))
        {
            Kept = keptData.Find(Subject);
            LastWithdrawal = events.About(Subject) is { Count: > 0 } about ? about[0] : null;
        }
    }
}
