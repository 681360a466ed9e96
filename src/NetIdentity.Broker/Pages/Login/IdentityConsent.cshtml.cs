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
        if (!await TryLoadAsync(id))
        {
            return Unknown();
        }

        return Asking ? Page() : Resume();
    }

    public async Task<IActionResult> OnPostAsync(string id, bool separateConsent, string? decision)
    {
        if (!await TryLoadAsync(id))
        {
            return Unknown();
        }

        if (!Asking)
        {
            return Resume();
        }

        if (decision == "agree" && !separateConsent)
        {
            // Agreeing needs the explicit tick: a separate consent is never inferred.
            MissingTick = true;
            return Page();
        }

        var granted = decision == "agree" ? new HashSet<ConsentItem> { ConsentItem.Identity } : [];
        await SaveAsync(await consent.DecideAsync(Transaction, Platform, [ConsentItem.Identity], granted, issuer.For(HttpContext), HttpContext.RequestAborted));
        return Resume();
    }

    /// <summary>Only a platform registered with a legal basis ever gets this far (NI2001 refuses the rest at the request).</summary>
    private bool Asking => IsAt(LoginStep.IdentityConsent) && Platform.HasLegalBasis;
}
