using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Platforms;
using NetIdentity.Core.Errors;
using NetIdentity.Core.Identity;

namespace NetIdentity.Broker.Pages.Login;

/// <summary>
/// The other lawful way (PRODUCT rule 4): name, ID type, ID number and phone, checked by the
/// traditional real-name service. Offered on every login unless the operator switched it off
/// for the whole service; a platform cannot.
/// </summary>
public sealed class OtherModel(LoginTransactionStore store, PlatformCatalog platforms, OtherPathFlow flow, IOptions<OtherPathOptions> options)
    : LoginPageModel(store, platforms)
{
    public bool Enabled => options.Value.Enabled;

    public LoginError? Error { get; private set; }

    public bool Incomplete { get; private set; }

    [BindProperty]
    public OtherForm Form { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!await TryLoadAsync(id))
        {
            return Unknown();
        }

        return IsAt(LoginStep.ChooseMethod) ? Page() : Resume();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (!await TryLoadAsync(id))
        {
            return Unknown();
        }

        if (!Enabled || !IsAt(LoginStep.ChooseMethod))
        {
            return Resume();
        }

        if (!ModelState.IsValid)
        {
            Incomplete = true;
            return Page();
        }

        var step = await flow.SubmitAsync(Transaction, Platform, new DocumentSubmission(Form.Name, Form.IdType, Form.IdNumber, Form.Phone), HttpContext.RequestAborted);
        await SaveAsync(step.Transaction);
        if (step.Throttled)
        {
            await TooManyAttemptsPage.WriteAsync(HttpContext, id, HttpContext.RequestAborted);
            return new EmptyResult();
        }

        if (step.FormError is not null)
        {
            Error = step.FormError;

            // What was typed goes back only into the form fields, never into a message.
            return Page();
        }

        return Resume();
    }

    public sealed class OtherForm
    {
        [Required, StringLength(64)]
        public string Name { get; set; } = string.Empty;

        [Required]
        public string IdType { get; set; } = ResidentIdNumber.IdType;

        [Required, StringLength(18, MinimumLength = 18)]
        public string IdNumber { get; set; } = string.Empty;

        [Required, RegularExpression("^1[3-9][0-9]{9}$")]
        public string Phone { get; set; } = string.Empty;
    }
}
