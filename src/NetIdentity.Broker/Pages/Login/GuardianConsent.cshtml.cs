using Microsoft.AspNetCore.Mvc;
using NetIdentity.Broker.Consent;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Oidc;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Consent;
using NetIdentity.Core.Errors;

namespace NetIdentity.Broker.Pages.Login;

/// <summary>
/// The confirmed guardian decides (PIPL Art. 31): whether the child may use the platform, and
/// which of the requested items it receives. Refusing ends the login (NI1501). Plaintext, if
/// asked, gets its own separate consent next.
/// </summary>
public sealed class GuardianConsentModel(LoginTransactionStore store, PlatformCatalog platforms, ConsentFlow consent, NetIdLoginFlow netId, BrokerIssuer issuer)
    : LoginPageModel(store, platforms)
{
    private static readonly ConsentItem[] Ordinary = [ConsentItem.AgeBand, ConsentItem.MaskedIdentity];

    public IReadOnlyList<ConsentItem> Items { get; private set; } = [];

    public IActionResult OnGet(string id)
    {
        if (!TryLoad(id))
        {
            return Unknown();
        }

        if (!Deciding)
        {
            return Redirect(Transaction.ReturnUrl);
        }

        Items = Shown;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string[]? granted, string? decision)
    {
        if (!TryLoad(id))
        {
            return Unknown();
        }

        if (!Deciding)
        {
            return Redirect(Transaction.ReturnUrl);
        }

        if (decision != "agree")
        {
            await consent.DecideAsGuardianAsync(Transaction, Platform, Shown, null, issuer.For(HttpContext), HttpContext.RequestAborted);
            Save(await netId.FailAsync(Transaction, LoginErrors.GuardianRefused, HttpContext.RequestAborted));
            return Redirect(NetIdentity.Broker.Oidc.LoginPaths.Failed(id));
        }

        var chosen = (granted ?? []).Select(ConsentScopes.ItemOf).OfType<ConsentItem>().Where(Shown.Contains).ToHashSet();
        Save(await consent.DecideAsGuardianAsync(Transaction, Platform, Shown, chosen, issuer.For(HttpContext), HttpContext.RequestAborted));
        return Redirect(Transaction.ReturnUrl);
    }

    private bool Deciding => Transaction.State == LoginState.Verified && Transaction.GuardianPersonKey is not null && Transaction.GuardianConsentedAt is null;

    private IReadOnlyList<ConsentItem> Shown => [.. Ordinary.Where(Transaction.RequestedItems.Contains)];
}
