using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>
/// The consent screens, as a person's browser meets them after verifying: the ordinary consent
/// page (<c>/login/{id}/consent</c>), the separate consent page (<c>/login/{id}/identity-consent</c>),
/// and userinfo as the platform calls it afterwards.
/// </summary>
internal sealed partial class LoginDriver
{
    /// <summary>
    /// A whole login as <paramref name="persona"/> that answers every consent screen on the way:
    /// on the ordinary one it agrees to <paramref name="grant"/> (or refuses all when empty); on
    /// the separate one it ticks and agrees when <paramref name="separateConsent"/>, else refuses.
    /// Returns where the browser lands at the platform and which screens it was shown, in order.
    /// </summary>
    public async Task<ConsentLogin> LoginWithConsentAsync(
        AuthorizationRequest request, string persona = "adult", IReadOnlyCollection<string>? grant = null, bool separateConsent = false)
    {
        var screens = new List<string>();
        var stop = await VerifyAsync(request, persona);
        for (var screen = 0; stop.Platform is null && screen < 3; screen++)
        {
            if (stop.Page!.EndsWith("/identity-consent", StringComparison.Ordinal))
            {
                screens.Add("identity-consent");
                var page = new SeparateConsentPage(stop.Page, stop.Html!);
                var answer = await DecideSeparateConsentAsync(page, tick: separateConsent, separateConsent ? "agree" : "refuse");
                stop = await FollowAsync(answer.Location!);
            }
            else
            {
                Assert.EndsWith("/consent", stop.Page, StringComparison.Ordinal);
                screens.Add("consent");
                var page = new ConsentPage(stop.Page, stop.Html!);
                var granted = grant ?? [];
                stop = await FollowAsync(await DecideConsentAsync(page, granted, granted.Count > 0 ? "agree" : "refuse"));
            }
        }

        Assert.NotNull(stop.Platform);
        return new ConsentLogin(stop.Platform, screens);
    }

    /// <summary>
    /// A child's login that a guardian consents to (docs/minors.md): the child verifies as
    /// <paramref name="child"/>, the guardian as <paramref name="guardian"/> in a login of their own,
    /// then agrees to <paramref name="grant"/> on the guardian's consent page. Returns where the
    /// browser lands at the platform.
    /// </summary>
    public async Task<Uri> LoginWithGuardianConsentAsync(AuthorizationRequest request, string child, string guardian, IReadOnlyCollection<string> grant)
    {
        var stop = await VerifyAsync(request, child);
        Assert.EndsWith("/guardian", stop.Page, StringComparison.Ordinal);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Antiforgery(stop.Html!) });
        using var started = await browser.PostAsync(new Uri(stop.Page + "?handler=Start", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var guardianLogin = started.Headers.Location!.ToString();
        var bizSeq = await ChooseNetIdAsync(guardianLogin);
        Assert.Matches("^[A-Za-z0-9]{32}$", bizSeq);
        await mock.ApproveAsync(bizSeq, guardian);

        var consent = await FollowAsync(guardianLogin + "/netid/continue");
        Assert.EndsWith("/guardian-consent", consent.Page, StringComparison.Ordinal);
        var landing = await FollowAsync(await DecideConsentAsync(new ConsentPage(consent.Page!, consent.Html!), grant, "agree"));
        Assert.NotNull(landing.Platform);
        return landing.Platform;
    }

    /// <summary>Verifies as <paramref name="persona"/> and follows the login up to the first page it shows, or to the platform.</summary>
    public async Task<Stop> VerifyAsync(AuthorizationRequest request, string persona = "adult")
    {
        var login = await StartAsync(request);
        var bizSeq = await ChooseNetIdAsync(login);
        Assert.Matches("^[A-Za-z0-9]{32}$", bizSeq);
        await mock.ApproveAsync(bizSeq, persona);
        var status = await PollUntilFinishedAsync(login);
        Assert.Equal("verified", status.State);
        return await FollowAsync(status.Next!);
    }

    /// <summary>
    /// Follows redirects from <paramref name="location"/> until the browser either leaves the
    /// broker (for the platform) or is shown a page (200).
    /// </summary>
    public async Task<Stop> FollowAsync(string location)
    {
        for (var hop = 0; hop < 8; hop++)
        {
            if (location.StartsWith("http", StringComparison.Ordinal) && Uri.TryCreate(location, UriKind.Absolute, out var absolute))
            {
                if (absolute.Host != "localhost")
                {
                    return new Stop(absolute, null, null);
                }

                location = absolute.PathAndQuery;
            }

            using var response = await browser.GetAsync(new Uri(location, UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return new Stop(null, location, await response.Content.ReadAsStringAsync());
            }

            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a redirect or a page from {location}, got {(int)response.StatusCode}.");
            location = response.Headers.Location!.ToString();
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    /// <summary>Posts the ordinary consent form: the ticked <paramref name="granted"/> scopes and the button pressed; returns where it redirects.</summary>
    public async Task<string> DecideConsentAsync(ConsentPage page, IEnumerable<string> granted, string decision)
    {
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", Antiforgery(page.Html)) };
        fields.AddRange(granted.Select(scope => new KeyValuePair<string, string>("granted", scope)));
        fields.Add(new("decision", decision));
        using var form = new FormUrlEncodedContent(fields);
        using var response = await browser.PostAsync(new Uri(page.Path, UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.ToString();
    }

    /// <summary>Posts the separate consent form: the tick box (<c>separateConsent</c>) when <paramref name="tick"/>, and the button pressed.</summary>
    public async Task<FormAnswer> DecideSeparateConsentAsync(SeparateConsentPage page, bool tick, string decision)
    {
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", Antiforgery(page.Html)) };
        if (tick)
        {
            fields.Add(new("separateConsent", "true"));
        }

        fields.Add(new("decision", decision));
        using var form = new FormUrlEncodedContent(fields);
        using var response = await browser.PostAsync(new Uri(page.Path, UriKind.Relative), form);
        return new FormAnswer(response.StatusCode, response.Headers.Location?.ToString(), await response.Content.ReadAsStringAsync());
    }

    /// <summary>Calls userinfo with <paramref name="accessToken"/> as the platform would (OIDC Core §5.3.1).</summary>
    public async Task<JsonElement> UserInfoAsync(string accessToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await browser.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Userinfo answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The names of the members of a JSON object, sorted.</summary>
    public static IReadOnlyList<string> Names(JsonElement body) =>
        [.. body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}

/// <summary>Where following a login stopped: at the platform, or at a broker page (its path and HTML).</summary>
internal sealed record Stop(Uri? Platform, string? Page, string? Html);

/// <summary>A login that went through its consent screens; <see cref="Screens"/> names each one shown.</summary>
internal sealed record ConsentLogin(Uri Landing, IReadOnlyList<string> Screens)
{
    public string Code => LoginDriver.Query(Landing)["code"];
}

/// <summary>The answer to a posted form: a redirect, or the page shown again.</summary>
internal sealed record FormAnswer(HttpStatusCode Status, string? Location, string Html);

/// <summary>The ordinary consent screen (age band, masked identity).</summary>
internal sealed partial record ConsentPage(string Path, string Html)
{
    /// <summary>The scopes the page asks about, in order (<c>data-consent-item</c>).</summary>
    public IReadOnlyList<string> Items => [.. ConsentItem().Matches(Html).Select(m => m.Groups[1].Value)];

    /// <summary>The tick boxes of the page's items.</summary>
    public IReadOnlyList<string> Checkboxes => [.. Checkbox().Matches(Html).Select(m => m.Value)];

    [GeneratedRegex("data-consent-item=\"([^\"]+)\"")]
    private static partial Regex ConsentItem();

    [GeneratedRegex("<input[^>]*type=\"checkbox\"[^>]*>")]
    private static partial Regex Checkbox();
}

/// <summary>The separate consent screen (plaintext identity, PIPL Art. 29).</summary>
internal sealed partial record SeparateConsentPage(string Path, string Html)
{
    /// <summary>The fields the page names (<c>data-field</c>).</summary>
    public IReadOnlyList<string> Fields => [.. Field().Matches(Html).Select(m => m.Groups[1].Value)];

    /// <summary>The text of the element marked <c>data-{name}</c>, e.g. <c>purpose</c>.</summary>
    public string Fact(string name)
    {
        var match = Regex.Match(Html, $"<td data-{Regex.Escape(name)}>([^<]*)</td>");
        Assert.True(match.Success, $"The separate consent page shows no data-{name}.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>The separate consent tick box.</summary>
    public string TickBox => TickBoxInput().Match(Html).Value;

    /// <summary>The error shown (<c>data-error</c>), if any.</summary>
    public string? Error => ErrorMarker().Match(Html) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex("data-field=\"([^\"]+)\"")]
    private static partial Regex Field();

    [GeneratedRegex("<input[^>]*name=\"separateConsent\"[^>]*>")]
    private static partial Regex TickBoxInput();

    [GeneratedRegex("data-error=\"([^\"]+)\"")]
    private static partial Regex ErrorMarker();
}
