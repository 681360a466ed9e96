using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace NetIdentity.DemoPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// One person's browser at the forum: its cookies, no automatic redirects, and a login through
/// the forum's real OpenID Connect handler against the <see cref="FakeBroker"/>.
/// </summary>
internal sealed class ForumBrowser : IDisposable
{
    public static readonly Uri Origin = new("http://localhost/");

    private readonly DemoPlatformHost _forum;
    private readonly CookieContainerHandler _cookies = new();

    public ForumBrowser(DemoPlatformHost forum)
    {
        _forum = forum;
        Client = forum.CreateDefaultClient(Origin, _cookies);
    }

    public HttpClient Client { get; }

    public CookieContainer Cookies => _cookies.Container;

    /// <summary>
    /// Logs in as <paramref name="subject"/>: <c>/login</c>, the broker's authorization endpoint
    /// (skipped: its parameters are read from the redirect), then <c>/signin-oidc</c> with a code
    /// for <paramref name="userInfo"/>; ends at the forum's session, asserting each step.
    /// </summary>
    public async Task LoginAsync(FakeBroker broker, string subject, string userInfo, IReadOnlyDictionary<string, object>? idTokenClaims = null)
    {
        ArgumentNullException.ThrowIfNull(broker);
        var ct = TestContext.Current.CancellationToken;
        using var challenge = await Client.GetAsync(new Uri("/login", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(broker.Issuer + "connect/authorize", authorize.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(authorize.Query);

        var code = broker.IssueCode(subject, query["nonce"].ToString(), userInfo, idTokenClaims);
        var callback = new Uri(query["redirect_uri"].ToString());
        using var answer = await Client.GetAsync(
            new Uri(callback.AbsolutePath + QueryString.Create([new("code", code), new KeyValuePair<string, string?>("state", query["state"].ToString())]), UriKind.Relative),
            ct);
        Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"Expected the login to complete, got {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync(ct)}");
        Assert.Equal("/me", answer.Headers.Location?.OriginalString);
    }

    /// <summary>A page of the forum as this browser sees it (200 expected).</summary>
    public async Task<string> PageAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>The forum's session cookie as it stands in this browser, decrypted with the forum's own keys.</summary>
    public AuthenticationTicket Session()
    {
        var options = SessionOptions(_forum);
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = Cookies.GetCookieHeader(Origin);
        var value = options.CookieManager.GetRequestCookie(context, options.Cookie.Name!);
        Assert.False(string.IsNullOrEmpty(value), "The browser holds no forum session.");
        return options.TicketDataFormat.Unprotect(value) ?? throw new InvalidOperationException("The session cookie does not decrypt.");
    }

    /// <summary>Everything the session holds, as text: each claim of the principal, each property (tokens included).</summary>
    public string SessionText()
    {
        var ticket = Session();
        return string.Join('\n', ticket.Principal.Claims.Select(c => $"{c.Type}={c.Value}")
            .Concat(ticket.Properties.Items.Select(item => $"{item.Key}={item.Value}")));
    }

    /// <summary>Sets a session made by the test (one the forum may have issued in an earlier version).</summary>
    public void SetSession(ClaimsPrincipal principal, AuthenticationProperties properties)
    {
        var options = SessionOptions(_forum);
        var value = options.TicketDataFormat.Protect(new AuthenticationTicket(principal, properties, CookieAuthenticationDefaults.AuthenticationScheme));
        Cookies.Add(Origin, new Cookie(options.Cookie.Name!, value, "/"));
    }

    public void Dispose()
    {
        Client.Dispose();
        _cookies.Dispose();
    }

    private static CookieAuthenticationOptions SessionOptions(DemoPlatformHost forum) =>
        forum.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
}
