using Microsoft.AspNetCore.Mvc;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Errors;

namespace NetIdentity.Broker.Pages.Login;

/// <summary>Says in plain words what went wrong and what the person can do, then returns them.</summary>
public sealed class FailedModel(LoginTransactionStore store, PlatformCatalog platforms) : LoginPageModel(store, platforms)
{
    public LoginError Error { get; private set; } = LoginErrors.VerificationFailed;

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!await TryLoadAsync(id))
        {
            return Unknown();
        }

        if (!IsAt(LoginStep.Failed))
        {
            return Resume();
        }

        Error = LoginErrors.Find(Transaction.ErrorCode) ?? LoginErrors.VerificationFailed;
        return Page();
    }
}
