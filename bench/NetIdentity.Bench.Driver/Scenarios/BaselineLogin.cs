namespace NetIdentity.Bench.Driver.Scenarios;

/// <summary>
/// The bare code flow of bench/NetIdentity.Bench.Baseline: the same authorization request (PKCE
/// S256, state, nonce) and token request, with the consent auto-approved and no authority hop,
/// so the ratio to <see cref="AppLogin"/> is what NetIdentity adds to a plain OpenID provider.
/// </summary>
internal sealed class BaselineLogin(LoginContext context) : ILoginScenario
{
    public async Task RunAsync(LoginRecord record, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var browser = new Browser(context.Http);
        var request = new AuthorizationRequest(options.ClientId, options.RedirectUri, "openid");
        var location = await PlatformSteps.AuthorizeAsync(browser, options.Baseline, request, record, cancellationToken);
        var target = new Uri(options.Baseline, location);
        if (target.GetLeftPart(UriPartial.Path) != request.RedirectUri.GetLeftPart(UriPartial.Path))
        {
            throw new LoginFailedException("unexpected-page", "authorize", "the baseline did not redirect to the redirect URI");
        }

        var code = PlatformSteps.CodeFrom(target, request);
        await PlatformSteps.TokenAsync(browser, options.Baseline, options.ClientId, options.ClientSecret, request, code, record, cancellationToken);
    }
}
