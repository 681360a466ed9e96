using Microsoft.AspNetCore.Mvc.RazorPages;
using NetIdentity.Client;
using NetIdentity.DemoPlatform.Forum;

namespace NetIdentity.DemoPlatform.Pages;

/// <summary>The front page: a few posts, and whether you are logged in.</summary>
internal sealed class IndexModel : PageModel
{
    public IReadOnlyList<Post> Posts { get; } = SamplePosts.All;

    public bool SignedIn => User.Identity?.IsAuthenticated == true;

    public bool Verified => User.IsNetIdVerified();

    public int? Level => User.GetAssuranceLevel();
}
