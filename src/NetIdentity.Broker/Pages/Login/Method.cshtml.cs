using Microsoft.AspNetCore.Mvc;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Oidc;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Errors;

namespace NetIdentity.Broker.Pages.Login;

/// <summary>The method page: the national app, or (visibly) another lawful way (PRODUCT rule 4).</summary>
public sealed class MethodModel(LoginTransactionStore store, PlatformCatalog platforms, NetIdLoginFlow flow, BrokerIssuer issuer)
    : LoginPageModel(store, platforms)
{
    /// <summary>Set when the answer to "use the national app" is the waiting page itself.</summary>
    public WaitingForApp? Waiting { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!await TryLoadAsync(id))
        {
            return Unknown();
        }

        return IsAt(LoginStep.ChooseMethod) ? Page() : Resume();
    }

    public async Task<IActionResult> OnPostNetIdAsync(string id)
    {
        if (!await TryLoadAsync(id))
        {
            return Unknown();
        }

        if (!IsAt(LoginStep.ChooseMethod))
        {
            return Resume();
        }

        var returnUri = new Uri(issuer.For(HttpContext), LoginPaths.NetIdReturn(id).TrimStart('/'));
        await SaveAsync(await flow.StartAsync(Transaction, Platform, returnUri, HttpContext.RequestAborted));

        // A browser that submitted the form gets the waiting page in this answer, not a redirect
        // to it: one round trip less before the QR code shows (issue 10). Its script puts the
        // waiting page's own address in the address bar, so a reload asks for that page, never
        // this form again. Anything else (a script, docs/mock-authority.md) keeps the redirect.
        if (IsBrowserNavigation && IsAt(LoginStep.AwaitApp) && Transaction.QrPayload is not null)
        {
            Waiting = WaitingForApp.For(Transaction, Platform);
            return Page();
        }

        return Resume();
    }

    public async Task<IActionResult> OnPostCancelAsync(string id)
    {
        if (!await TryLoadAsync(id))
        {
            return Unknown();
        }

        if (!Transaction.IsFinished)
        {
            // Stored first (compare-and-set), logged after: a repeated or racing cancel finds the
            // login failed already and writes no second log row.
            var cancelled = Transaction;
            await SaveAsync(cancelled with { State = LoginState.Failed, ErrorCode = LoginErrors.Cancelled.Code });
            await flow.LogFailureAsync(cancelled, LoginErrors.Cancelled, HttpContext.RequestAborted);
        }

        // Straight back to the platform, which receives access_denied (NI1301).
        return Redirect(Transaction.ReturnUrl);
    }
}
