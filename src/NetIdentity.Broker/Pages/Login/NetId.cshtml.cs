using Microsoft.AspNetCore.Mvc;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Platforms;

namespace NetIdentity.Broker.Pages.Login;

/// <summary>
/// Waiting for the app: a QR code for a desktop, an app link for a phone, and a status that
/// moves on by itself when the credential is ready or the session expires.
/// </summary>
public sealed class NetIdModel(LoginTransactionStore store, PlatformCatalog platforms) : LoginPageModel(store, platforms)
{
    public WaitingForApp Waiting { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!await TryLoadAsync(id))
        {
            return Unknown();
        }

        if (!IsAt(LoginStep.AwaitApp) || Transaction.QrPayload is null)
        {
            return Resume();
        }

        Waiting = WaitingForApp.For(Transaction, Platform);
        return Page();
    }
}
