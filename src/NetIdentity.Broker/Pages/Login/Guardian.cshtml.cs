using Microsoft.AspNetCore.Mvc;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Errors;

namespace NetIdentity.Broker.Pages.Login;

/// <summary>Asks for the guardian of a child under 14, who then verifies in a login of their own.</summary>
public sealed class GuardianModel(LoginTransactionStore store, PlatformCatalog platforms, GuardianFlow guardians, NetIdLoginFlow netId)
    : LoginPageModel(store, platforms)
{
    public IActionResult OnGet(string id)
    {
        if (!TryLoad(id))
        {
            return Unknown();
        }

        return Transaction.State == LoginState.Verified && Transaction.NeedsGuardian && Transaction.GuardianPersonKey is null
            ? Page()
            : Redirect(Transaction.ReturnUrl);
    }

    public IActionResult OnPostStart(string id)
    {
        if (!TryLoad(id) || Transaction.State != LoginState.Verified || !Transaction.NeedsGuardian)
        {
            return Unknown();
        }

        var (child, guardian) = guardians.Start(Transaction, Platform);
        Save(child);
        Store.Write(HttpContext, guardian);
        return Redirect(NetIdentity.Broker.Oidc.LoginPaths.Method(guardian.Id));
    }

    public async Task<IActionResult> OnPostCancelAsync(string id)
    {
        if (!TryLoad(id))
        {
            return Unknown();
        }

        if (!Transaction.IsFinished || Transaction.State == LoginState.Verified)
        {
            Save(await netId.FailAsync(Transaction, LoginErrors.GuardianRefused, HttpContext.RequestAborted));
        }

        return Redirect(Transaction.ReturnUrl);
    }
}
