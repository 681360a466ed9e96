using Microsoft.AspNetCore.Mvc;
using NetIdentity.Broker.Consent;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Oidc;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.Pages.Login;

/// <summary>
/// Consent to the age band and masked identity (PIPL Art. 14): each item named, nothing ticked
/// in advance; refusing still completes the login with the default release (PIPL Art. 16).
/// </summary>
public sealed class ConsentModel(LoginTransactionStore store, PlatformCatalog platforms, ConsentFlow consent, BrokerIssuer issuer)
    : LoginPageModel(store, platforms)
{
    public IReadOnlyList<ConsentItem> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!TryLoad(id))
        {
            return Unknown();
        }

        if (Transaction.State != LoginState.Verified || Transaction.ConsentComplete)
        {
            return Resume();
        }

        var (transaction, needs) = await consent.NeedsAsync(Transaction, Platform, HttpContext.RequestAborted);
        if (needs.Ordinary.Count == 0)
        {
            Save(transaction);
            return Redirect(Transaction.ReturnUrl);
        }

        Items = needs.Ordinary;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string[]? granted, string? decision)
    {
        if (!TryLoad(id))
        {
            return Unknown();
        }

        if (Transaction.State != LoginState.Verified || Transaction.ConsentComplete)
        {
            return Resume();
        }

        var (transaction, needs) = await consent.NeedsAsync(Transaction, Platform, HttpContext.RequestAborted);
        var chosen = decision == "agree"
            ? (granted ?? []).Select(ConsentScopes.ItemOf).OfType<ConsentItem>().Where(needs.Ordinary.Contains).ToHashSet()
            : [];
        Save(await consent.DecideAsync(transaction, Platform, needs.Ordinary, chosen, issuer.For(HttpContext), HttpContext.RequestAborted));
        return Redirect(Transaction.ReturnUrl);
    }
}
