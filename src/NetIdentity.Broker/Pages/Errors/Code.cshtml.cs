using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NetIdentity.Core.Errors;

namespace NetIdentity.Broker.Pages.Errors;

/// <summary>The page an <c>error_uri</c> points to: one error, explained (docs/errors/).</summary>
public sealed class CodeModel : PageModel
{
    public LoginError? Error { get; private set; }

    public IActionResult OnGet(string code)
    {
        Error = LoginErrors.Find(code);
        return Error is null ? NotFound() : Page();
    }
}
