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
    private static readonly ConsentItem[] Ordinary = [.. LoginDecider.OrdinaryItems];

    public IReadOnlyList<ConsentItem> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!await TryLoadAsync(id))
        {
            return Unknown();
        }

        if (!IsAt(LoginStep.GuardianConsent))
        {
            return Resume();
        }

        Items = Shown;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, string[]? granted, string? decision)
    {
        if (!await TryLoadAsync(id))
        {
            return Unknown();
        }

        if (!IsAt(LoginStep.GuardianConsent))
        {
            return Resume();
        }

        if (decision != "agree")
        {
            // The refusal is stored first (compare-and-set): it is final for this login, and no
            // copy of an earlier page or cookie can post "agree" after it (issue 8 §2).
            var decidedFrom = Transaction;
            await SaveAsync(Transaction with { State = LoginState.Failed, ErrorCode = LoginErrors.GuardianRefused.Code });
            await consent.DecideAsGuardianAsync(decidedFrom, Platform, Shown, null, issuer.For(HttpContext), HttpContext.RequestAborted);
            await netId.LogFailureAsync(decidedFrom, LoginErrors.GuardianRefused, HttpContext.RequestAborted);
            return Resume();
        }

        var chosen = (granted ?? []).Select(ConsentScopes.ItemOf).OfType<ConsentItem>().Where(Shown.Contains).ToHashSet();
        await SaveAsync(await consent.DecideAsGuardianAsync(Transaction, Platform, Shown, chosen, issuer.For(HttpContext), HttpContext.RequestAborted));
        return Resume();
    }

    private IReadOnlyList<ConsentItem> Shown => [.. Ordinary.Where(Transaction.RequestedItems.Contains)];
}
