using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Oidc;
using NetIdentity.Broker.Platforms;

namespace NetIdentity.Broker.Pages.Login;

/// <summary>What every login page needs: this login and the platform it is for.</summary>
public abstract class LoginPageModel(LoginTransactionStore store, PlatformCatalog platforms) : PageModel
{
    public LoginTransaction Transaction { get; private set; } = null!;

    public PlatformOptions Platform { get; private set; } = null!;

    protected LoginTransactionStore Store => store;

    /// <summary>Loads the login named in the route; <c>false</c> when it is unknown, not this browser's, or has expired.</summary>
    protected async Task<bool> TryLoadAsync(string id)
    {
        var transaction = await store.ReadAsync(HttpContext, id);
        var platform = platforms.Find(transaction?.ClientId);
        if (transaction is null || platform is null)
        {
            return false;
        }

        Transaction = transaction;
        Platform = platform;
        return true;
    }

    /// <summary>Applies a transition from the state that was loaded (compare-and-set).</summary>
    protected async Task SaveAsync(LoginTransaction transaction) =>
        Transaction = await store.WriteAsync(HttpContext, transaction);

    protected IActionResult Unknown() => Redirect("/errors/NI1302");

    /// <summary>Where a login in its current state belongs.</summary>
    protected IActionResult Resume() => Redirect(LoginPaths.For(Transaction));

    /// <summary>
    /// Whether a browser asked for this as the page to show (Fetch Metadata,
    /// <c>Sec-Fetch-Dest: document</c>, W3C Fetch Metadata Request Headers §2.1), not a script
    /// or a frame; browsers send it to https origins and to localhost.
    /// </summary>
    protected bool IsBrowserNavigation =>
        string.Equals(Request.Headers["Sec-Fetch-Dest"], "document", StringComparison.Ordinal);

    /// <summary>Whether this page's step is the one the login is at (<see cref="LoginDecider"/>).</summary>
    protected bool IsAt(LoginStep step) => LoginDecider.Next(Transaction) == step;

    /// <summary>
    /// A login page is never stored by a browser or a proxy: it shows one person's login. The
    /// headers are the ones antiforgery would otherwise set itself, with a warning in the log on
    /// every page that has a form. A transition that lost the race to another (a second tab, a
    /// double submit) changed nothing: the person is sent to where the login now stands.
    /// </summary>
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        Response.Headers.CacheControl = "no-cache, no-store";
        Response.Headers.Pragma = "no-cache";
        var executed = await next();
        if (executed.Exception is LoginConflictException conflict)
        {
            executed.ExceptionHandled = true;
            executed.Result = Redirect(LoginPaths.Method(conflict.LoginId));
        }
    }
}
