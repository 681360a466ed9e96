using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NetIdentity.Broker.Consent;
using NetIdentity.Broker.Oidc;
using NetIdentity.Broker.Platforms;
using NetIdentity.Broker.Sessions;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.Pages.My;

/// <summary>Every platform the person (or, as guardian, their child) gave consent to, and one-click withdrawal.</summary>
[Authorize(AuthenticationSchemes = MyAuthorizations.Scheme)]
public sealed class IndexModel(IConsentLedger ledger, PlatformCatalog platforms, ConsentWithdrawal withdrawal, PlatformLogout logout, BrokerIssuer issuer) : PageModel
{
    public IReadOnlyList<PlatformConsents> Platforms { get; private set; } = [];

    public string? Message { get; private set; }

    /// <summary>Which message is shown (<c>withdrawn</c>, <c>withdrawn-all</c>, <c>signed-out</c>), for the page's marker.</summary>
    public string? MessageKind { get; private set; }

    public async Task OnGetAsync(string? withdrawn, string? signedOut)
    {
        (MessageKind, Message) = (withdrawn, signedOut) switch
        {
            ("1", _) => ("withdrawn", Ui.T("已撤回。平台已被通知删除相关信息。", "Withdrawn. The platform has been told to delete what it kept.")),
            ("all", _) => ("withdrawn-all", Ui.T(
                "已全部撤回，并已通知该平台删除相关信息、让您退出登录。",
                "Everything is withdrawn. The platform has been told to delete what it kept and to sign you out.")),
            (_, "1") => ("signed-out", Ui.T(
                "已通知您登录过的平台让您退出登录。",
                "The platforms you logged in to have been told to sign you out.")),
            _ => (null, null),
        };
        var history = await ledger.ForPersonAsync(MyAuthorizations.PersonKey(User)!, HttpContext.RequestAborted);
        Platforms = [.. history
            .GroupBy(r => r.ClientId)
            .Select(g => new PlatformConsents(
                g.Key,
                platforms.Find(g.Key)?.DisplayName.Current ?? g.Key,
                [.. g.Where(r => r.Decision == ConsentDecision.Granted && ConsentState.IsInForce(history, r))],
                [.. g]))];
    }

    public async Task<IActionResult> OnPostWithdrawAsync(string grantId)
    {
        var done = await withdrawal.WithdrawAsync(MyAuthorizations.PersonKey(User)!, grantId, issuer.For(HttpContext), HttpContext.RequestAborted);
        return done ? RedirectToPage(new { withdrawn = "1" }) : NotFound();
    }

    /// <summary>Withdraws every grant in force at one platform and signs the person out there (issue 12 §2).</summary>
    public async Task<IActionResult> OnPostWithdrawAllAsync(string clientId)
    {
        var done = await withdrawal.WithdrawEverythingAsync(MyAuthorizations.PersonKey(User)!, clientId, issuer.For(HttpContext), HttpContext.RequestAborted);
        return done ? RedirectToPage(new { withdrawn = "all" }) : NotFound();
    }

    /// <summary>Signs the person out of every platform where the broker noted a login of theirs (back-channel logout).</summary>
    public async Task<IActionResult> OnPostSignOutEverywhereAsync()
    {
        await logout.SignOutEverywhereAsync(MyAuthorizations.PersonKey(User)!, issuer.For(HttpContext), HttpContext.RequestAborted);
        return RedirectToPage(new { signedOut = "1" });
    }

    public static string Describe(ConsentRecord record) =>
        string.Join(Ui.T("、", ", "), record.Items.Select(NetIdentity.Broker.Pages.Login.ConsentItems.Title));

    public static string DecisionText(ConsentDecision decision) => decision switch
    {
        ConsentDecision.Granted => Ui.T("同意", "Granted"),
        ConsentDecision.Refused => Ui.T("拒绝", "Refused"),
        _ => Ui.T("撤回", "Withdrawn"),
    };
}

public sealed record PlatformConsents(string ClientId, string Name, IReadOnlyList<ConsentRecord> InForce, IReadOnlyList<ConsentRecord> History);
