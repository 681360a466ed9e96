using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>
/// Drives a login the way a person's browser does, hop by hop, over HTTP only: the
/// authorization request, the method page, the QR page (where the bizSeq appears), the mock's
/// tester API in place of the app, the status, and back to the platform's redirect URI.
/// </summary>
internal sealed partial class LoginDriver(HttpClient browser, MockAuthority mock)
{
    public HttpClient Browser => browser;

    /// <summary>Sends the authorization request; returns the login page path it redirects to.</summary>
    public Task<string> StartAsync(AuthorizationRequest request) => StartAsync(request.Url());

    /// <summary>Sends the authorization request at <paramref name="url"/>; returns the login page path it redirects to.</summary>
    public async Task<string> StartAsync(string url)
    {
        using var response = await browser.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/login/", location, StringComparison.Ordinal);
        return location;
    }

    /// <summary>Chooses the national app on the method page; returns the bizSeq shown on the QR page.</summary>
    public async Task<string> ChooseNetIdAsync(string loginPath)
    {
        using var response = await SubmitNetIdAsync(loginPath, fetchDest: null);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var next = response.Headers.Location!.ToString();
        if (!next.EndsWith("/netid", StringComparison.Ordinal))
        {
            return string.Empty; // the login already failed (e.g. the authority is down)
        }

        var waiting = await browser.GetStringAsync(new Uri(next, UriKind.Relative));
        var bizSeq = BizSeq().Match(waiting).Groups[1].Value;

        // The person reads the matching number next to the QR code and picks it in the app.
        mock.RememberMatchCode(bizSeq, MatchCodeOf(waiting));
        return bizSeq;
    }

    /// <summary>
    /// Submits "use the national app" on the method page, with <c>Sec-Fetch-Dest</c> set to
    /// <paramref name="fetchDest"/> as a browser would (none: a script); the broker's answer as it came.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitNetIdAsync(string loginPath, string? fetchDest) =>
        await PostNetIdAsync(loginPath, Antiforgery(await browser.GetStringAsync(new Uri(loginPath, UriKind.Relative))), fetchDest);

    /// <summary>The "use the national app" form posted with <paramref name="antiforgeryToken"/>, as <see cref="SubmitNetIdAsync"/> does.</summary>
    public async Task<HttpResponseMessage> PostNetIdAsync(string loginPath, string antiforgeryToken, string? fetchDest)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(loginPath + "?handler=NetId", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgeryToken }),
        };
        if (fetchDest is not null)
        {
            request.Headers.Add("Sec-Fetch-Dest", fetchDest);
            request.Headers.Add("Sec-Fetch-Mode", fetchDest == "document" ? "navigate" : "no-cors");
        }

        return await browser.SendAsync(request);
    }

    /// <summary>The bizSeq a waiting page shows, or empty.</summary>
    public static string BizSeqOf(string waitingPage) => BizSeq().Match(waitingPage).Groups[1].Value;

    /// <summary>The matching number the waiting page shows (number matching, authority-contract §3 v2).</summary>
    public static string MatchCodeOf(string waitingPage)
    {
        var match = MatchCode().Match(waitingPage);
        Assert.True(match.Success, "The waiting page shows no matching number.");
        return match.Groups[1].Value;
    }

    /// <summary>Cancels on the method page.</summary>
    public async Task<Uri> CancelAsync(string loginPath)
    {
        var page = await browser.GetStringAsync(new Uri(loginPath, UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Antiforgery(page) });
        using var response = await browser.PostAsync(new Uri(loginPath + "?handler=Cancel", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await FollowToPlatformAsync(response.Headers.Location!.ToString());
    }

    public async Task<LoginStatus> StatusAsync(string loginPath)
    {
        using var response = await browser.GetAsync(new Uri(loginPath + "/netid/status", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<LoginStatus>(JsonSerializerOptions.Web))!;
    }

    /// <summary>Polls until the login leaves "pending" (bounded), then follows it back to the platform.</summary>
    public async Task<Uri> FinishAsync(string loginPath)
    {
        var status = await StatusAsync(loginPath);
        for (var attempt = 0; status.State == "pending" && attempt < 40; attempt++)
        {
            await Task.Delay(250);
            status = await StatusAsync(loginPath);
        }

        Assert.NotEqual("pending", status.State);
        return await FollowToPlatformAsync(status.Next!);
    }

    /// <summary>Polls until the login leaves "pending" (bounded); returns the last status.</summary>
    public async Task<LoginStatus> PollUntilFinishedAsync(string loginPath)
    {
        var status = await StatusAsync(loginPath);
        for (var attempt = 0; status.State == "pending" && attempt < 40; attempt++)
        {
            await Task.Delay(250);
            status = await StatusAsync(loginPath);
        }

        return status;
    }

    /// <summary>A login as <paramref name="persona"/> that is expected to fail; returns its bizSeq and the failure status.</summary>
    public async Task<(string BizSeq, LoginStatus Status)> FailAsync(string loginPath, string persona, string? password = null, string? face = null)
    {
        var bizSeq = await ChooseNetIdAsync(loginPath);
        Assert.Matches("^[A-Za-z0-9]{32}$", bizSeq);
        await mock.ApproveAsync(bizSeq, persona, password, face);
        var status = await PollUntilFinishedAsync(loginPath);
        Assert.Equal("failed", status.State);
        return (bizSeq, status);
    }

    /// <summary>The failure page of a login, in the default language or <paramref name="lang"/>.</summary>
    public async Task<string> FailedPageAsync(string loginPath, string? lang = null)
    {
        using var response = await browser.GetAsync(new Uri(loginPath + "/failed" + (lang is null ? string.Empty : "?lang=" + lang), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>On the failure page, follows "return to the platform" until the browser leaves the broker.</summary>
    public async Task<Uri> ReturnFromFailedPageAsync(string loginPath)
    {
        var page = await FailedPageAsync(loginPath);
        var link = ReturnLink().Match(page);
        Assert.True(link.Success, "The failure page has no link back to the platform.");
        var href = Href().Match(link.Value);
        Assert.True(href.Success, "The link back to the platform has no href.");
        return await FollowToPlatformAsync(WebUtility.HtmlDecode(href.Groups[1].Value));
    }

    /// <summary>Follows broker-internal redirects until one leaves the broker (to the platform).</summary>
    public async Task<Uri> FollowToPlatformAsync(string location)
    {
        for (var hop = 0; hop < 8; hop++)
        {
            // On Unix "/path" parses as an absolute file URI, so test for the scheme explicitly.
            if (location.StartsWith("http", StringComparison.Ordinal) && Uri.TryCreate(location, UriKind.Absolute, out var absolute) && absolute.Host != "localhost")
            {
                return absolute;
            }

            using var response = await browser.GetAsync(new Uri(location, location.StartsWith('/') ? UriKind.Relative : UriKind.Absolute));
            if (response.StatusCode != HttpStatusCode.Redirect && response.StatusCode != HttpStatusCode.Found)
            {
                throw new InvalidOperationException($"Expected a redirect from {location}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            location = response.Headers.Location!.ToString();
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    /// <summary>A whole login as <paramref name="persona"/>; returns where the browser lands at the platform.</summary>
    public async Task<Uri> LoginAsync(AuthorizationRequest request, string persona = "adult")
    {
        var login = await StartAsync(request);
        var bizSeq = await ChooseNetIdAsync(login);
        Assert.Matches("^[A-Za-z0-9]{32}$", bizSeq);
        await mock.ApproveAsync(bizSeq, persona);
        return await FinishAsync(login);
    }

    /// <summary>
    /// Pushes <paramref name="request"/> to the PAR endpoint (RFC 9126 §2.1) as the platform would,
    /// with its client authentication; returns the authorization URL that uses the request_uri.
    /// </summary>
    public async Task<string> PushAsync(AuthorizationRequest request)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/connect/par")
        {
            Content = new FormUrlEncodedContent(request.Parameters().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!)),
        };
        message.Headers.Authorization = Basic(request.Platform);
        using var response = await browser.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"PAR answered {(int)response.StatusCode}: {body}");
        var requestUri = JsonDocument.Parse(body).RootElement.GetProperty("request_uri").GetString()!;
        return QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = request.Platform.ClientId,
            ["request_uri"] = requestUri,
        });
    }

    /// <summary>Redeems the code at the token endpoint as the platform would.</summary>
    public async Task<TokenResponse> RedeemAsync(AuthorizationRequest request, string code, string? verifier = null, string? secret = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = code,
                ["redirect_uri"] = request.RedirectUri!,
                ["code_verifier"] = verifier ?? request.Verifier,
            }),
        };
        message.Headers.Authorization = Basic(request.Platform, secret);
        return await TokenResponse.ReadAsync(await browser.SendAsync(message));
    }

    public async Task<TokenResponse> RefreshAsync(TestPlatform platform, string refreshToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }),
        };
        message.Headers.Authorization = Basic(platform);
        return await TokenResponse.ReadAsync(await browser.SendAsync(message));
    }

    public async Task<JsonElement> IntrospectAsync(TestPlatform platform, string token)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/connect/introspect")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }),
        };
        message.Headers.Authorization = Basic(platform);
        using var response = await browser.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Introspection answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static AuthenticationHeaderValue Basic(TestPlatform platform, string? secret = null) =>
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            Uri.EscapeDataString(platform.ClientId) + ":" + Uri.EscapeDataString(secret ?? platform.Secret))));

    public static Dictionary<string, string> Query(Uri uri) =>
        QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    internal static string Antiforgery(string html) => AntiforgeryToken().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("<a\\s[^>]*data-action=\"return\"[^>]*>")]
    private static partial Regex ReturnLink();

    [GeneratedRegex("\\shref=\"([^\"]+)\"")]
    private static partial Regex Href();

    [GeneratedRegex("data-biz-seq=\"([A-Za-z0-9]{32})\"")]
    private static partial Regex BizSeq();

    [GeneratedRegex("data-match-code=\"([0-9]{2})\"")]
    private static partial Regex MatchCode();
}

internal sealed record LoginStatus(string State, string? Next, DateTimeOffset? ExpiresAt);
