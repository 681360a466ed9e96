using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Platforms;

namespace NetIdentity.Broker.Pages.Login;

/// <summary>What every login page needs: this login and the platform it is for.</summary>
public abstract class LoginPageModel(LoginTransactionStore store, PlatformCatalog platforms) : PageModel
{
    public LoginTransaction Transaction { get; private set; } = null!;

    public PlatformOptions Platform { get; private set; } = null!;

    protected LoginTransactionStore Store => store;

    /// <summary>Loads the login named in the route; <c>false</c> when it is unknown or has expired.</summary>
    protected bool TryLoad(string id)
    {
        var transaction = store.Read(HttpContext, id);
        var platform = platforms.Find(transaction?.ClientId);
        if (transaction is null || platform is null || store.IsExpired(transaction))
        {
            return false;
        }

        Transaction = transaction;
        Platform = platform;
        return true;
    }

    protected void Save(LoginTransaction transaction)
    {
        store.Write(HttpContext, transaction);
        Transaction = transaction;
    }

    protected IActionResult Unknown() => Redirect("/errors/NI1302");

    /// <summary>Where a login in its current state belongs.</summary>
    protected IActionResult Resume() => Redirect(Transaction.State == LoginState.Verified
        ? Transaction.ReturnUrl
        : NetIdentity.Broker.Oidc.LoginPaths.ForUnfinished(Transaction));
}
