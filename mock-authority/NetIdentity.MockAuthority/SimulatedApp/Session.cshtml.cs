using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NetIdentity.MockAuthority.Organisations;
using NetIdentity.MockAuthority.Personas;
using NetIdentity.MockAuthority.Sessions;

namespace NetIdentity.MockAuthority.SimulatedApp;

/// <summary>
/// <c>/app/sessions/{bizSeq}</c>: what the person sees in the national app. The tester picks a
/// persona, types the 口令 and simulates the face step when the mode needs them, then approves or
/// refuses. Posts are antiforgery-checked (Razor Pages default).
/// </summary>
internal sealed class SessionModel(
    SessionStore store,
    OrganisationRegistry organisations,
    PersonaCatalog personas,
    SessionAnswering answering,
    TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string BizSeq { get; set; } = "";

    [BindProperty]
    public string? Persona { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Face { get; set; }

    /// <summary>The matching code the person picked among the choices.</summary>
    [BindProperty]
    public string? MatchCode { get; set; }

    /// <summary>The separate yes/no for a plaintext release (the Measures: 经用户单独同意).</summary>
    [BindProperty]
    public bool ConfirmIdentity { get; set; } = true;

    /// <summary><c>applink</c> when the app was opened by the app link (contract §3); otherwise a scanned QR code.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Via { get; set; }

    /// <summary>The code shown in the browser and two others, in random order: the person must pick the right one.</summary>
    public IReadOnlyList<string> MatchChoices { get; private set; } = [];

    public VerificationSession? Current { get; private set; }

    public string OrganisationName { get; private set; } = "";

    public IEnumerable<Persona> Personas => personas.All.Where(p => p.HasNetId);

    public bool IsPending { get; private set; }

    /// <summary>The title of the tester error, when the last action was refused.</summary>
    public string? Error { get; private set; }

    public IActionResult OnGet() => Show();

    public IActionResult OnPostApprove()
    {
        var channel = Via == "applink" ? ApprovalChannel.AppLink : ApprovalChannel.Qr;
        var answer = answering.Approve(BizSeq, new Approval(Persona, Password, Face, MatchCode, ConfirmIdentity, channel));
        if (answer.Succeeded && answer.Value.ReturnTo is { } returnTo)
        {
            // Same phone: the app hands the person back to the browser that started the login.
            return Redirect(returnTo.AbsoluteUri);
        }

        return answer.Succeeded ? Show() : Show(answer.Error.Title, answer.Error.Status);
    }

    public IActionResult OnPostDeny()
    {
        var answer = answering.Deny(BizSeq);
        return answer.Succeeded ? Show() : Show(answer.Error.Title, answer.Error.Status);
    }

    private PageResult Show(string? error = null, int status = StatusCodes.Status200OK)
    {
        Current = store.Find(BizSeq);
        OrganisationName = Current is null ? "" : organisations.Find(Current.OrgId)?.DisplayName ?? Current.OrgId;
        IsPending = Current?.IsPendingAt(time.GetUtcNow()) == true;
        MatchChoices = Current is null ? [] : MatchCodeChoices.For(Current.MatchCode);
        Error = error;
        Response.StatusCode = Current is null ? StatusCodes.Status404NotFound : status;
        return Page();
    }
}
