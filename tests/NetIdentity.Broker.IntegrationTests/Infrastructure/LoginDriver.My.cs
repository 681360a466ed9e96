using System.Net;
using System.Text.RegularExpressions;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>"My authorizations" (<c>/my</c>), as the person's browser uses it.</summary>
internal sealed partial class LoginDriver
{
    /// <summary>
    /// Signs in to "my authorizations" as <paramref name="persona"/> through the broker's own pages:
    /// <c>/my/login</c>, the method page, the national app, "continue", <c>/my/complete/{id}</c>;
    /// returns the <c>/my</c> page it ends on.
    /// </summary>
    public async Task<MyPage> SignInToMyAuthorizationsAsync(string persona = "adult")
    {
        using var start = await browser.GetAsync(new Uri("/my/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var login = start.Headers.Location!.ToString();
        Assert.Matches("^/login/[A-Za-z0-9_-]{22}$", login);
        var bizSeq = await ChooseNetIdAsync(login);
        Assert.Matches("^[A-Za-z0-9]{32}$", bizSeq);
        await mock.ApproveAsync(bizSeq, persona);

        using var proceed = await browser.GetAsync(new Uri(login + "/netid/continue", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, proceed.StatusCode);
        var complete = proceed.Headers.Location!.ToString();
        Assert.Matches("^/my/complete/[A-Za-z0-9_-]{22}$", complete);
        using var signedIn = await browser.GetAsync(new Uri(complete, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/my", signedIn.Headers.Location!.ToString());
        return await MyPageAsync();
    }

    /// <summary>The <c>/my</c> page of the signed-in person (optionally with its query).</summary>
    public async Task<MyPage> MyPageAsync(string path = "/my")
    {
        using var response = await browser.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new MyPage(await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Presses "withdraw" for <paramref name="grantId"/> on <paramref name="page"/>, with the page's
    /// antiforgery token unless <paramref name="antiforgery"/> is false (a forged cross-site post).
    /// </summary>
    public async Task<FormAnswer> WithdrawAsync(MyPage page, string grantId, bool antiforgery = true)
    {
        var fields = new Dictionary<string, string> { ["grantId"] = grantId };
        if (antiforgery)
        {
            fields["__RequestVerificationToken"] = Antiforgery(page.Html);
        }

        using var form = new FormUrlEncodedContent(fields);
        using var response = await browser.PostAsync(new Uri("/my?handler=Withdraw", UriKind.Relative), form);
        return new FormAnswer(response.StatusCode, response.Headers.Location?.ToString(), await response.Content.ReadAsStringAsync());
    }

    /// <summary>Presses "withdraw everything and sign out" for <paramref name="clientId"/> on <paramref name="page"/>.</summary>
    public Task<FormAnswer> WithdrawAllAsync(MyPage page, string clientId) =>
        PostMyAsync(page, "WithdrawAll", new Dictionary<string, string> { ["clientId"] = clientId });

    /// <summary>Presses "sign out of every platform" on <paramref name="page"/>.</summary>
    public Task<FormAnswer> SignOutEverywhereAsync(MyPage page, bool antiforgery = true) =>
        PostMyAsync(page, "SignOutEverywhere", [], antiforgery);

    private async Task<FormAnswer> PostMyAsync(MyPage page, string handler, Dictionary<string, string> fields, bool antiforgery = true)
    {
        if (antiforgery)
        {
            fields["__RequestVerificationToken"] = Antiforgery(page.Html);
        }

        using var form = new FormUrlEncodedContent(fields);
        using var response = await browser.PostAsync(new Uri("/my?handler=" + handler, UriKind.Relative), form);
        return new FormAnswer(response.StatusCode, response.Headers.Location?.ToString(), await response.Content.ReadAsStringAsync());
    }
}

/// <summary>The "my authorizations" page: the platforms, and the grants in force for each.</summary>
internal sealed partial record MyPage(string Html)
{
    /// <summary>The platforms listed (<c>data-platform</c>).</summary>
    public IReadOnlyList<string> Platforms => [.. PlatformMarker().Matches(Html).Select(m => m.Groups[1].Value)];

    /// <summary>The ledger ids of the grants in force, for every platform (<c>data-grant</c>).</summary>
    public IReadOnlyList<string> Grants => [.. GrantMarker().Matches(Html).Select(m => m.Groups[1].Value)];

    /// <summary>The grants in force listed under one platform.</summary>
    public IReadOnlyList<string> GrantsOf(string clientId)
    {
        var section = Regex.Match(Html, $"<section class=\"platform\" data-platform=\"{Regex.Escape(clientId)}\">(.*?)</section>", RegexOptions.Singleline);
        Assert.True(section.Success, $"/my does not list {clientId}.");
        return [.. GrantMarker().Matches(section.Groups[1].Value).Select(m => m.Groups[1].Value)];
    }

    /// <summary>What the page says grant <paramref name="grantId"/> was a consent to.</summary>
    public string Description(string grantId)
    {
        var grant = Regex.Match(Html, $"data-grant=\"{Regex.Escape(grantId)}\">\\s*<p><strong>([^<]*)</strong>");
        Assert.True(grant.Success, $"/my does not describe grant {grantId}.");
        return WebUtility.HtmlDecode(grant.Groups[1].Value);
    }

    /// <summary>The status message shown (<c>data-message</c>), if any.</summary>
    public string? Message => MessageMarker().Match(Html) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex("data-platform=\"([^\"]+)\"")]
    private static partial Regex PlatformMarker();

    [GeneratedRegex("data-grant=\"([^\"]+)\"")]
    private static partial Regex GrantMarker();

    [GeneratedRegex("data-message=\"([^\"]+)\"")]
    private static partial Regex MessageMarker();
}
