using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>What the broker answered to one request of a login: the status, where it redirects, the page.</summary>
internal sealed partial record BrokerAnswer(HttpStatusCode Status, string? Location, string Body)
{
    /// <summary>The NI code a page shows in its <c>data-error-code</c>, if any.</summary>
    public string? ErrorCode => ErrorCodeAttribute().Match(Body) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>The <c>Retry-After</c> header (RFC 9110 §10.2.3), as sent.</summary>
    public string? RetryAfter { get; init; }

    /// <summary>The attempts left the SMS code page shows in its <c>data-attempts-left</c>, if any.</summary>
    public int? AttemptsLeft => AttemptsLeftAttribute().Match(Body) is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    [GeneratedRegex("data-error-code=\"(NI[0-9]{4})\"")]
    private static partial Regex ErrorCodeAttribute();

    [GeneratedRegex("data-attempts-left=\"([0-9]+)\"")]
    private static partial Regex AttemptsLeftAttribute();
}

/// <summary>
/// Drives a login the other lawful way (PRODUCT rule 4) as a person's browser does, hop by hop:
/// "verify another way" on the method page, the form (name, ID type, ID number, phone), the SMS
/// code read from the mock's tester API in place of the phone, the face step when the level asks
/// for it, and back to the platform. The 网号/网证 hops and the platform's side (token, userinfo)
/// are <see cref="LoginDriver"/>'s, reached through <see cref="Login"/>.
/// </summary>
internal sealed partial class OtherPathDriver(HttpClient browser, MockAuthority mock)
{
    /// <summary>Not a real photo: the mock does not judge the sample, only the persona decides (docs/mock-authority.md).</summary>
    private static readonly byte[] Photo = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0xFF, 0xD9];

    public HttpClient Browser => browser;

    /// <summary>The same browser, for the 网号/网证 hops and the platform's token and userinfo calls.</summary>
    public LoginDriver Login { get; } = new(browser, mock);

    /// <summary>Sends the authorization request; returns the login page path it redirects to.</summary>
    public Task<string> StartAsync(AuthorizationRequest request) => Login.StartAsync(request);

    /// <summary>"Verify another way": the other way's page of a login.</summary>
    public Task<BrokerAnswer> OpenAsync(string loginPath, string? lang = null) => GetAsync(loginPath + "/other" + Lang(lang));

    /// <summary>Fills in and posts the form as <paramref name="person"/>.</summary>
    public Task<BrokerAnswer> SubmitAsync(string loginPath, OtherPathPersona person, string? lang = null) =>
        SubmitAsync(loginPath, person.Name, person.IdNumber, person.Phone, lang);

    /// <summary>
    /// Fills in and posts the form (ID type <c>resident_id</c>, the only one offered), to
    /// <paramref name="page"/> under the login: <c>/other</c>, or a spelling of it that routing
    /// also takes (another case, a trailing slash).
    /// </summary>
    public async Task<BrokerAnswer> SubmitAsync(string loginPath, string name, string idNumber, string phone, string? lang = null, string page = "/other")
    {
        var token = await AntiforgeryAsync(loginPath + "/other", loginPath);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Form.Name"] = name,
            ["Form.IdType"] = "resident_id",
            ["Form.IdNumber"] = idNumber,
            ["Form.Phone"] = phone,
        });
        return await PostAsync(loginPath + page + Lang(lang), form);
    }

    /// <summary>The last SMS code the mock's traditional service sent to <paramref name="phone"/>.</summary>
    public async Task<string> ReadCodeAsync(string phone)
    {
        using var response = await mock.Tester.GetAsync(new Uri($"tester/otp/{phone}", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"The tester API answered {(int)response.StatusCode}: {body}");
        var code = JsonDocument.Parse(body).RootElement.GetProperty("code").GetString()!;
        Assert.Matches("^[0-9]{6}$", code);
        return code;
    }

    /// <summary>
    /// What the mock's SMS outbox last holds for <paramref name="phone"/> (the tester API's answer,
    /// verbatim), or <c>null</c> when no code was ever sent to it: to prove that nothing was sent.
    /// </summary>
    public async Task<string?> LastSentAsync(string phone)
    {
        using var response = await mock.Tester.GetAsync(new Uri($"tester/otp/{phone}", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            Assert.Contains("T0404001", body, StringComparison.Ordinal);
            return null;
        }

        Assert.True(response.IsSuccessStatusCode, $"The tester API answered {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>A six-digit code that is not <paramref name="code"/>.</summary>
    public static string WrongCode(string code) =>
        ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Posts an SMS code on the code page.</summary>
    public async Task<BrokerAnswer> SubmitCodeAsync(string loginPath, string code)
    {
        var token = await AntiforgeryAsync(loginPath + "/other/code", loginPath);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["code"] = code,
        });
        return await PostAsync(loginPath + "/other/code", form);
    }

    /// <summary>Takes the face step: a photo posted as <c>multipart/form-data</c>, field <c>photo</c>.</summary>
    public async Task<BrokerAnswer> SubmitFaceAsync(string loginPath)
    {
        var token = await AntiforgeryAsync(loginPath + "/other/face", loginPath);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var photo = new ByteArrayContent(Photo);
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(photo, "photo", "face.jpg");
        return await PostAsync(loginPath + "/other/face", form);
    }

    /// <summary>
    /// The real-name check and the SMS code as <paramref name="person"/>; returns where the broker
    /// sends the browser next (the face step, or back to the authorization request).
    /// </summary>
    public async Task<string> VerifyAsync(string loginPath, OtherPathPersona person)
    {
        var submitted = await SubmitAsync(loginPath, person);
        Assert.True(submitted.Status == HttpStatusCode.Redirect, $"The form answered {(int)submitted.Status} ({submitted.ErrorCode}).");
        Assert.Equal(loginPath + "/other/code", submitted.Location);

        var confirmed = await SubmitCodeAsync(loginPath, await ReadCodeAsync(person.Phone));
        Assert.True(confirmed.Status == HttpStatusCode.Redirect, $"The code page answered {(int)confirmed.Status} ({confirmed.ErrorCode}).");
        return confirmed.Location!;
    }

    /// <summary>
    /// A whole login the other way as <paramref name="person"/>, with the face step when the broker
    /// asks for it; returns where the browser lands at the platform.
    /// </summary>
    public async Task<Uri> LoginAsync(AuthorizationRequest request, OtherPathPersona person)
    {
        var login = await StartAsync(request);
        var next = await VerifyAsync(login, person);
        if (next == login + "/other/face")
        {
            var face = await SubmitFaceAsync(login);
            Assert.Equal(HttpStatusCode.Redirect, face.Status);
            next = face.Location!;
        }

        return await Login.FollowToPlatformAsync(next);
    }

    /// <summary>Presses "cancel and return to the platform" on the page at <paramref name="pagePath"/>.</summary>
    public async Task<BrokerAnswer> CancelFromAsync(string pagePath)
    {
        var page = await browser.GetStringAsync(new Uri(pagePath, UriKind.Relative));
        var cancel = CancelForm().Match(page);
        Assert.True(cancel.Success, $"{pagePath} has no cancel button.");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(cancel.Value).Groups[1].Value,
        });
        return await PostAsync(System.Net.WebUtility.HtmlDecode(cancel.Groups[1].Value), form);
    }

    /// <summary>On the consent screen, agrees to <paramref name="scopes"/> (and to nothing else).</summary>
    public async Task<BrokerAnswer> AgreeAsync(string loginPath, params string[] scopes)
    {
        var token = await AntiforgeryAsync(loginPath + "/consent", loginPath + "/consent");
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token), new("decision", "agree") };
        fields.AddRange(scopes.Select(scope => new KeyValuePair<string, string>("granted", scope)));
        using var form = new FormUrlEncodedContent(fields);
        return await PostAsync(loginPath + "/consent", form);
    }

    /// <summary>What userinfo answers to the platform for <paramref name="accessToken"/>.</summary>
    public async Task<JsonElement> UserInfoAsync(string accessToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await browser.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Userinfo answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Follows redirects inside the broker until a page answers (or the browser leaves for the platform).</summary>
    public async Task<BrokerAnswer> FollowAsync(string location)
    {
        for (var hop = 0; hop < 8; hop++)
        {
            var answer = await GetAsync(location);
            if (answer.Status != HttpStatusCode.Redirect || answer.Location!.StartsWith("http", StringComparison.Ordinal))
            {
                return answer;
            }

            location = answer.Location;
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    private async Task<BrokerAnswer> GetAsync(string path)
    {
        using var response = await browser.GetAsync(new Uri(path, UriKind.Relative));
        return await ReadAsync(response);
    }

    private async Task<BrokerAnswer> PostAsync(string path, HttpContent content)
    {
        using var response = await browser.PostAsync(new Uri(path, UriKind.Relative), content);
        return await ReadAsync(response);
    }

    private static async Task<BrokerAnswer> ReadAsync(HttpResponseMessage response) =>
        new(response.StatusCode, response.Headers.Location?.ToString(), await response.Content.ReadAsStringAsync())
        {
            RetryAfter = response.Headers.TryGetValues("Retry-After", out var values) ? values.Single() : null,
        };

    /// <summary>
    /// The antiforgery token of the page at <paramref name="path"/>; of <paramref name="fallback"/>
    /// when that page has no form (the other way switched off). A token is bound to the browser,
    /// not to one form.
    /// </summary>
    private async Task<string> AntiforgeryAsync(string path, string fallback)
    {
        var token = AntiforgeryToken().Match(await browser.GetStringAsync(new Uri(path, UriKind.Relative)));
        if (!token.Success)
        {
            token = AntiforgeryToken().Match(await browser.GetStringAsync(new Uri(fallback, UriKind.Relative)));
        }

        Assert.True(token.Success, $"Neither {path} nor {fallback} has an antiforgery token.");
        return token.Groups[1].Value;
    }

    private static string Lang(string? lang) => lang is null ? string.Empty : "?lang=" + lang;

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+handler=Cancel)\">.*?data-action=\"cancel\"", RegexOptions.Singleline)]
    private static partial Regex CancelForm();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
