using Microsoft.AspNetCore.Mvc;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Errors;

namespace NetIdentity.Broker.Pages.Login;

/// <summary>Asks for the guardian of a child under 14, who then verifies in a login of their own.</summary>
public sealed class GuardianModel(LoginTransactionStore store, PlatformCatalog platforms, GuardianFlow guardians, NetIdLoginFlow netId)
    : LoginPageModel(store, platforms)
{
    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!await TryLoadAsync(id))
        {
            return Unknown();
        }

        return IsAt(LoginStep.FindGuardian) ? Page() : Resume();
    }

    public async Task<IActionResult> OnPostStartAsync(string id)
    {
        if (!await TryLoadAsync(id) || !IsAt(LoginStep.FindGuardian))
        {
            return Unknown();
        }

        var (child, guardian) = guardians.Start(Transaction, Platform);
        await SaveAsync(child);
        await Store.CreateAsync(HttpContext, guardian);
        return Redirect(NetIdentity.Broker.Oidc.LoginPaths.Method(guardian.Id));
    }

    public async Task<IActionResult> OnPostCancelAsync(string id)
    {
        if (!await TryLoadAsync(id))
        {
            return Unknown();
        }

        if (Transaction.State is not (LoginState.Failed or LoginState.Completed))
        {
            var cancelled = Transaction;
            await SaveAsync(cancelled with { State = LoginState.Failed, ErrorCode = LoginErrors.GuardianRefused.Code });
            await netId.LogFailureAsync(cancelled, LoginErrors.GuardianRefused, HttpContext.RequestAborted);
        }

        return Redirect(Transaction.ReturnUrl);
    }
}
