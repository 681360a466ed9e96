using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using NetIdentity.Client;
using NetIdentity.DemoPlatform.Claims;
using NetIdentity.DemoPlatform.Hosting;
using NetIdentity.DemoPlatform.Storage;

namespace NetIdentity.DemoPlatform.Pages;

/// <summary>
/// <c>/me</c>: exactly what the forum received at login, what it kept, and what it did not receive.
/// The plaintext identity is shown only from what the forum keeps (never from the session), so
/// once a withdrawal deleted it, it is nowhere on the page. <c>/me?handler=receipt&amp;id=…</c>
/// serves one of the person's kept signed consent receipts as a file.
/// </summary>
internal sealed partial class MeModel(KeptDataStore keptData, ReceivedEventStore events) : PageModel
{
    /// <summary>What the forum keeps about the person (consented claims), if anything.</summary>
    public KeptData? Kept { get; private set; }

    /// <summary>What the forum keeps, as rows.</summary>
    public IReadOnlyList<ClaimRow> KeptRows { get; private set; } = [];

    /// <summary>The newest consent withdrawal received for the person, if any.</summary>
    public ReceivedEvent? LastWithdrawal { get; private set; }

    public ReceivedClaims Received { get; private set; } = ReceivedClaims.None;

    /// <summary>How each piece of personal data fared in this login.</summary>
    public IReadOnlyList<NotReceivedStatus> Items { get; private set; } = [];

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

        Verified = User.IsNetIdVerified();
        Level = User.GetAssuranceLevel();
        VerifiedAt = User.GetNetIdVerifiedAt();
        Subject = User.FindFirst(NetIdentityClaimTypes.Subject)?.Value;
        IReadOnlySet<string> withdrawn = new HashSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(Subject))
        {
            Kept = keptData.Find(Subject);
            var about = events.WithdrawalsAbout(Subject);
            LastWithdrawal = about.Count > 0 ? about[0] : null;
            withdrawn = about.Select(e => e.ConsentId).ToHashSet(StringComparer.Ordinal);
        }

        Received = ReceivedClaims.Read(idToken, userInfo, Kept?.Claims, withdrawn);
        KeptRows = Kept is null ? [] : ClaimRow.FromKept(Kept.Claims, withdrawn);
        Items = NotReceived.Evaluate(Received);
    }

    /// <summary>One signed consent receipt the forum keeps for the person, by its <c>jti</c>, as a file.</summary>
    public IActionResult OnGetReceipt(string? id)
    {
        var subject = User.FindFirst(NetIdentityClaimTypes.Subject)?.Value;
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(subject)
            || keptData.Find(subject)?.Claims.GetValueOrDefault(ConsentScopes.ReceiptsClaim) is not { } kept)
        {
            return NotFound();
        }

        var receipt = ReceiptSummary.SignedReceipts(kept).FirstOrDefault(jwt => ReceiptSummary.FromJwt(jwt).Jti == id);
        if (receipt is null)
        {
            return NotFound();
        }

        var name = SafeId().IsMatch(id) ? $"consent-receipt-{id}.jwt" : "consent-receipt.jwt";
        return File(Encoding.ASCII.GetBytes(receipt), "application/jwt", name);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex SafeId();
}
