using Microsoft.AspNetCore.Mvc;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Platforms;

namespace NetIdentity.Broker.Pages.Login;

/// <summary>
/// The other lawful way (PRODUCT rule 4). Its verification arrives with the equal-service issue;
/// until then the choice exists and says so, and nobody is turned away silently.
/// </summary>
public sealed class OtherModel(LoginTransactionStore store, PlatformCatalog platforms) : LoginPageModel(store, platforms)
{
    public IActionResult OnGet(string id) => TryLoad(id) ? Page() : Unknown();
}
