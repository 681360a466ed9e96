using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace NetIdentity.Bench.Driver.Scenarios;

/// <summary>
/// A login the other lawful way (PRODUCT rule 4), as the integration tests' OtherPathDriver drives
/// it: authorize → method page → the other way's form (name, ID type, ID number, phone: the
/// three-element check) → the SMS code, read from the mock's tester API in place of the phone →
/// the face step if the level asks for it → back to the code → token.
/// </summary>
internal sealed class OtherWayLogin(LoginContext context) : ILoginScenario
{
    /// <summary>Not a real photo: the mock does not judge the sample, the persona decides (docs/mock-authority.md).</summary>
    private static readonly byte[] Photo = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0xFF, 0xD9];

    public async Task RunAsync(LoginRecord record, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var browser = new Browser(context.Http);
        var person = context.People.NextForOtherWay();
        var request = new AuthorizationRequest(options.ClientId, options.RedirectUri, "openid netid");

        var login = await PlatformSteps.AuthorizeAsync(browser, options.Broker, request, record, cancellationToken);
        await PageAsync(browser, login, "method-page", record, cancellationToken);
        var formToken = await PageAsync(browser, login + "/other", "other-form", record, cancellationToken);

        string next;
        using (await context.People.HoldPhoneAsync(person, cancellationToken))
        {
            var submitted = await record.StepAsync("submit-form", () => browser.PostFormAsync(context.Broker(login + "/other"),
            [
                new("__RequestVerificationToken", formToken),
                new("Form.Name", person.Name),
                new("Form.IdType", "resident_id"),
                new("Form.IdNumber", person.IdNumber),
                new("Form.Phone", person.Phone),
            ], cancellationToken));
            var codePage = PlatformSteps.RedirectOrFail(submitted, "submit-form");
            if (!codePage.EndsWith("/other/code", StringComparison.Ordinal))
            {
                await AppLogin.FailFromPageAsync(browser, context, codePage, "submit-form", cancellationToken);
            }

            var codeToken = await PageAsync(browser, codePage, "code-page", record, cancellationToken);
            var code = await record.StepAsync("read-otp", () => ReadCodeAsync(person.Phone, cancellationToken));
            var confirmed = await record.StepAsync("submit-code", () => browser.PostFormAsync(context.Broker(codePage),
                [new("__RequestVerificationToken", codeToken), new("code", code)], cancellationToken));
            next = PlatformSteps.RedirectOrFail(confirmed, "submit-code");
        }

        if (next.EndsWith("/other/face", StringComparison.Ordinal))
        {
            next = await FaceAsync(browser, next, record, cancellationToken);
        }

        var landing = await PlatformSteps.ReturnAsync(browser, options.Broker, request, next, record, cancellationToken);
        if (landing.Code is null)
        {
            throw new LoginFailedException("unexpected-page", "return", "the broker showed " + landing.Page);
        }

        await PlatformSteps.TokenAsync(browser, options.Broker, options.ClientId, options.ClientSecret, request, landing.Code, record, cancellationToken);
    }

    /// <summary>Loads a broker page as the step <paramref name="step"/>; returns its antiforgery token.</summary>
    private async Task<string> PageAsync(Browser browser, string path, string step, LoginRecord record, CancellationToken cancellationToken)
    {
        var page = await record.StepAsync(step, () => browser.GetAsync(context.Broker(path), cancellationToken));
        return page.Status == HttpStatusCode.OK && Pages.Antiforgery(page.Body) is { } token
            ? token
            : throw new LoginFailedException(Pages.ErrorCode(page.Body) ?? PlatformSteps.Http(page), step, "no form on " + path);
    }

    private async Task<string> ReadCodeAsync(string phone, CancellationToken cancellationToken)
    {
        using var response = await context.Http.GetAsync(context.Authority("tester/otp/" + phone), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new LoginFailedException("mock " + ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), "read-otp", "no SMS code");
        }

        var sent = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return sent.GetProperty("code").GetString() ?? throw new LoginFailedException("no-otp", "read-otp", "no SMS code");
    }

    /// <summary>Step <c>face</c>: the face step's page and its photo upload (multipart, field <c>photo</c>).</summary>
    private async Task<string> FaceAsync(Browser browser, string facePage, LoginRecord record, CancellationToken cancellationToken)
    {
        var token = await PageAsync(browser, facePage, "face", record, cancellationToken);
        var answer = await record.StepAsync("face", async () =>
        {
            using var form = new MultipartFormDataContent();
            form.Add(new StringContent(token), "__RequestVerificationToken");
            var photo = new ByteArrayContent(Photo);
            photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(photo, "photo", "face.jpg");
            return await browser.PostMultipartAsync(context.Broker(facePage), form, cancellationToken);
        });
        return PlatformSteps.RedirectOrFail(answer, "face");
    }
}
