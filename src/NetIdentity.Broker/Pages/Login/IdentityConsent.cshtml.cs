using Microsoft.AspNetCore.Mvc;
using NetIdentity.Broker.Consent;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Oidc;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.Pages.Login;

/// <summary>
/// Separate consent (单独同意, PIPL Art. 14, 29) to plaintext identity: its own screen, never
/// combined with another consent, nothing ticked, naming each field, the recipient, the purpose,
/// the legal basis and the retention. Refusing still completes the login with the default release.
/// </summary>
public sealed class IdentityConsentModel(LoginTransactionStore store, PlatformCatalog platforms, ConsentFlow consent, BrokerIssuer issuer)
    : LoginPageModel(store, platforms)
{
    public bool MissingTick { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!TryLoad(id))
        {
            return Unknown();
        }

        return await NeedsSeparateConsentAsync() ? Page() : Redirect(Transaction.ReturnUrl);
    }

    public async Task<IActionResult> OnPostAsync(string id, bool separateConsent, string? decision)
    {
        if (!TryLoad(id))
        {
            return Unknown();
        }

        if (!await NeedsSeparateConsentAsync())
        {
            return Redirect(Transaction.ReturnUrl);
        }

        if (decision == "agree" && !separateConsent)
        {
            // Agreeing needs the explicit tick: a separate consent is never inferred.
            MissingTick = true;
            return Page();
        }

        var granted = decision == "agree" ? new HashSet<ConsentItem> { ConsentItem.Identity } : [];
        Save(await consent.DecideAsync(Transaction, Platform, [ConsentItem.Identity], granted, issuer.For(HttpContext), HttpContext.RequestAborted));
        return Redirect(Transaction.ReturnUrl);
    }

    private async Task<bool> NeedsSeparateConsentAsync()
    {
        if (Transaction.State != LoginState.Verified || Transaction.ConsentComplete || !Platform.HasLegalBasis)
        {
            return false;
        }

        var (_, needs) = await consent.NeedsAsync(Transaction, Platform, HttpContext.RequestAborted);
        return needs.Ordinary.Count == 0 && needs.Separate;
    }
}
