using Microsoft.AspNetCore.Mvc.RazorPages;
using NetIdentity.Client;
using NetIdentity.DemoPlatform.Claims;
using NetIdentity.DemoPlatform.Forum;
using NetIdentity.DemoPlatform.Storage;

namespace NetIdentity.DemoPlatform.Pages;

/// <summary>The front page: a few posts, and whether you are logged in.</summary>
internal sealed class IndexModel(KeptDataStore kept) : PageModel
{
    public IReadOnlyList<Post> Posts { get; } = SamplePosts.All;

    public bool SignedIn => User.Identity?.IsAuthenticated == true;

    public bool Verified => User.IsNetIdVerified();

    public int? Level => User.GetAssuranceLevel();

    /// <summary>Whether the forum keeps the person's plaintext identity (under their separate consent).</summary>
    public bool KeepsPlaintext { get; private set; }

    public void OnGet()
    {
        var subject = User.FindFirst(NetIdentityClaimTypes.Subject)?.Value;
        KeepsPlaintext = !string.IsNullOrEmpty(subject)
            && kept.Find(subject)?.Claims.Keys.Any(ConsentScopes.IsPlaintext) == true;
    }
}
