using Microsoft.AspNetCore.Mvc;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Errors;

namespace NetIdentity.Broker.Pages.Login;

/// <summary>The SMS code the traditional real-name service sent to the phone.</summary>
public sealed class OtherCodeModel(LoginTransactionStore store, PlatformCatalog platforms, OtherPathFlow flow) : LoginPageModel(store, platforms)
{
    public LoginError? Error { get; private set; }

    public int? AttemptsLeft { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!await TryLoadAsync(id))
        {
            return Unknown();
        }

        return IsAt(LoginStep.EnterCode) ? Page() : Resume();
    }

    public async Task<IActionResult> OnPostAsync(string id, string? code)
    {
        if (!await TryLoadAsync(id))
        {
            return Unknown();
        }

        if (!IsAt(LoginStep.EnterCode))
        {
            return Resume();
        }

        if (code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
        {
            Error = LoginErrors.WrongCode;
            return Page();
        }

        var step = await flow.VerifyCodeAsync(Transaction, code, HttpContext.RequestAborted);
        await SaveAsync(step.Transaction);
        if (step.FormError is not null)
        {
            Error = step.FormError;
            AttemptsLeft = step.AttemptsLeft;
            return Page();
        }

        return Resume();
    }
}
