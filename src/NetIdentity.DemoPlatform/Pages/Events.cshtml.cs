using Microsoft.AspNetCore.Mvc.RazorPages;
using NetIdentity.Client;
using NetIdentity.DemoPlatform.Storage;

namespace NetIdentity.DemoPlatform.Pages;

/// <summary>
/// <c>/events</c>: the forum's SSF stream (when it has one) and the security events it received
/// from NetIdentity, for testers: when, which event, whether on the stream, about which pairwise
/// <c>sub</c>, which scopes, and which kept claims were deleted (names only).
/// </summary>
internal sealed class EventsModel(ReceivedEventStore events, IServiceProvider services) : PageModel
{
    public IReadOnlyList<ReceivedEvent> Events { get; private set; } = [];

    /// <summary>The stream as NetIdentity.Client keeps it; null when the forum is not set up for one.</summary>
    public NetIdentityEventStreamState? Stream { get; private set; }

    public void OnGet()
    {
        Events = events.All();
        Stream = services.GetService<NetIdentityEventStreamKeeper>()?.Current;
    }
}
