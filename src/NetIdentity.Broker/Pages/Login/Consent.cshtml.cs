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
        if (!await TryLoadAsync(id))
        {
            return Unknown();
        }

        await FoldStandingGrantsAsync();
        if (!IsAt(LoginStep.Consent))
        {
            return Resume();
        }

        Items = LoginDecider.UndecidedOrdinary(Transaction);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string[]? granted, string? decision)
    {
        if (!await TryLoadAsync(id))
        {
            return Unknown();
        }

        await FoldStandingGrantsAsync();
        if (!IsAt(LoginStep.Consent))
        {
            return Resume();
        }

        var shown = LoginDecider.UndecidedOrdinary(Transaction);
        var chosen = decision == "agree"
            ? (granted ?? []).Select(ConsentScopes.ItemOf).OfType<ConsentItem>().Where(shown.Contains).ToHashSet()
            : [];
        await SaveAsync(await consent.DecideAsync(Transaction, Platform, shown, chosen, issuer.For(HttpContext), HttpContext.RequestAborted));
        return Resume();
    }

    private async Task FoldStandingGrantsAsync()
    {
        var folded = await consent.FoldStandingGrantsAsync(Transaction, Platform, HttpContext.RequestAborted);
        if (!ReferenceEquals(folded, Transaction))
        {
            await SaveAsync(folded);
        }
    }
}
