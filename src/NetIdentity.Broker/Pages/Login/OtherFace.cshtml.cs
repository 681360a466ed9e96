using Microsoft.AspNetCore.Mvc;
using NetIdentity.Broker.Login;
using NetIdentity.Broker.Platforms;

namespace NetIdentity.Broker.Pages.Login;

/// <summary>
/// The face step of the other way, when the platform's level asks for it: a photo taken now,
/// sent to the authority for comparison, not kept.
/// </summary>
[RequestSizeLimit(4 * 1024 * 1024 + 64 * 1024)]
public sealed class OtherFaceModel(LoginTransactionStore store, PlatformCatalog platforms, OtherPathFlow flow) : LoginPageModel(store, platforms)
{
    private const long MaximumBytes = 4 * 1024 * 1024;

    public bool Missing { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!await TryLoadAsync(id))
        {
            return Unknown();
        }

        return IsAt(LoginStep.FaceCheck) ? Page() : Resume();
    }

    public async Task<IActionResult> OnPostAsync(string id, IFormFile? photo)
    {
        if (!await TryLoadAsync(id))
        {
            return Unknown();
        }

        if (!IsAt(LoginStep.FaceCheck))
        {
            return Resume();
        }

        if (photo is null || photo.Length == 0 || photo.Length > MaximumBytes)
        {
            Missing = true;
            return Page();
        }

        var sample = new byte[photo.Length];
        await using (var stream = photo.OpenReadStream())
        {
            await stream.ReadExactlyAsync(sample, HttpContext.RequestAborted);
        }

        try
        {
            await SaveAsync((await flow.VerifyFaceAsync(Transaction, sample, HttpContext.RequestAborted)).Transaction);
        }
        finally
        {
            Array.Clear(sample);
        }

        return Resume();
    }
}
