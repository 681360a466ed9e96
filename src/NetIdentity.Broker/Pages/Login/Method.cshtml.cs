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
