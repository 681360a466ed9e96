using Microsoft.AspNetCore.Mvc.RazorPages;
using NetIdentity.DemoPlatform.Storage;

namespace NetIdentity.DemoPlatform.Pages;

/// <summary>
/// <c>/events</c>: the security events the forum received from NetIdentity, for testers: when,
/// about which pairwise <c>sub</c>, which scopes, and which kept claims were deleted (names only).
/// </summary>
internal sealed class EventsModel(ReceivedEventStore events) : PageModel
{
    public IReadOnlyList<ReceivedEvent> Events { get; private set; } = [];

    public void OnGet() => Events = events.All();
}
