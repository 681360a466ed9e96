using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NetIdentity.MockAuthority.Organisations;
using NetIdentity.MockAuthority.Protocol;
using NetIdentity.MockAuthority.Sessions;

namespace NetIdentity.MockAuthority.SimulatedApp;

/// <summary><c>/app</c>: the pending sessions, and a box for a scanned QR payload.</summary>
internal sealed class IndexModel(SessionStore store, OrganisationRegistry organisations, TimeProvider time) : PageModel
{
    public IReadOnlyList<VerificationSession> Pending { get; private set; } = [];

    public IActionResult OnGet(string? payload)
    {
        // The QR payload is the session's address; its last segment is the bizSeq (contract §3).
        // Whatever was pasted counts as scanned: the QR channel, never the app link.
        var bizSeq = payload?.Trim().Split('?')[0].TrimEnd('/').Split('/')[^1];
        if (Identifiers.IsValid(bizSeq))
        {
            return Redirect($"/app/sessions/{bizSeq}");
        }

        Pending = store.Pending(time.GetUtcNow());
        return Page();
    }

    public string OrganisationName(string orgId) => organisations.Find(orgId)?.DisplayName ?? orgId;
}
