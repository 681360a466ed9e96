using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NetIdentity.Broker.Consent;
using NetIdentity.Broker.Oidc;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.Pages.My;

/// <summary>Every platform the person (or, as guardian, their child) gave consent to, and one-click withdrawal.</summary>
[Authorize(AuthenticationSchemes = MyAuthorizations.Scheme)]
public sealed class IndexModel(IConsentLedger ledger, PlatformCatalog platforms, ConsentWithdrawal withdrawal, BrokerIssuer issuer) : PageModel
{
    public IReadOnlyList<PlatformConsents> Platforms { get; private set; } = [];

    public string? Message { get; private set; }

    public async Task OnGetAsync(string? withdrawn)
    {
        Message = withdrawn == "1" ? Ui.T("已撤回。平台已被通知删除相关信息。", "Withdrawn. The platform has been told to delete what it kept.") : null;
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
