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
    public IActionResult OnGet(string id)
    {
        if (!TryLoad(id))
        {
            return Unknown();
        }

        return Transaction.State == LoginState.Choosing ? Page() : Resume();
    }

    public async Task<IActionResult> OnPostNetIdAsync(string id)
    {
        if (!TryLoad(id))
        {
            return Unknown();
        }

        if (Transaction.State != LoginState.Choosing)
        {
            return Resume();
        }

        var returnUri = new Uri(issuer.For(HttpContext), LoginPaths.NetIdReturn(id).TrimStart('/'));
        Save(await flow.StartAsync(Transaction, Platform, returnUri, HttpContext.RequestAborted));
        return Resume();
    }

    public async Task<IActionResult> OnPostCancelAsync(string id)
    {
        if (!TryLoad(id))
        {
            return Unknown();
        }

        if (!Transaction.IsFinished)
        {
            Save(await flow.FailAsync(Transaction, LoginErrors.Cancelled, HttpContext.RequestAborted));
        }

        // Straight back to the platform, which receives access_denied (NI1301).
        return Redirect(Transaction.ReturnUrl);
    }
}
