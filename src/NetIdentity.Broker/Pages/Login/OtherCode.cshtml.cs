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

    public IActionResult OnGet(string id)
    {
        if (!TryLoad(id))
        {
            return Unknown();
        }

        return Transaction.State == LoginState.AwaitingCode ? Page() : Resume();
    }

    public async Task<IActionResult> OnPostAsync(string id, string? code)
    {
        if (!TryLoad(id))
        {
            return Unknown();
        }

        if (Transaction.State != LoginState.AwaitingCode)
        {
            return Resume();
        }

        if (code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
        {
            Error = LoginErrors.WrongCode;
            return Page();
        }

        var step = await flow.VerifyCodeAsync(Transaction, code, HttpContext.RequestAborted);
        Save(step.Transaction);
        if (step.FormError is not null)
        {
            Error = step.FormError;
            AttemptsLeft = step.AttemptsLeft;
            return Page();
        }

        return Resume();
    }
}
