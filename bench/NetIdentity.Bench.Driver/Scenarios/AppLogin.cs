using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace NetIdentity.Bench.Driver.Scenarios;

/// <summary>
/// A 网号/网证 login as docs/mock-authority.md ("Scripting a login") describes it: authorize →
/// method page → "use the national app", answered with the QR page (bizSeq, matching number) → the mock's tester
/// API approves as the persona with the number the page showed (number matching) → status poll
/// → back to the authorization endpoint → code → token. With <paramref name="consent"/> the
/// platform asks for <c>netid.age</c> too, and the consent page is agreed to when it is shown.
/// </summary>
internal sealed class AppLogin(LoginContext context, bool consent) : ILoginScenario
{
    private const string ConsentScope = "netid.age";

    public async Task RunAsync(LoginRecord record, CancellationToken cancellationToken)
    {
        var options = context.Options;
        var browser = new Browser(context.Http);
        var person = context.People.NextForApp();
        var request = new AuthorizationRequest(options.ClientId, options.RedirectUri, consent ? "openid netid " + ConsentScope : "openid netid");

        var login = await PlatformSteps.AuthorizeAsync(browser, options.Broker, request, record, cancellationToken);
        var method = await record.StepAsync("method-page", () => browser.GetAsync(context.Broker(login), cancellationToken));
        var token = method.Status == HttpStatusCode.OK ? Pages.Antiforgery(method.Body) : null;
        if (token is null)
        {
            throw new LoginFailedException(Pages.ErrorCode(method.Body) ?? PlatformSteps.Http(method), "method-page", "no method page");
        }

        // A browser's form submission is answered with the waiting page itself; a redirect to it
        // (the scripting contract) is followed as step qr-page.
        var qr = await record.StepAsync("choose-app", () => browser.PostFormAsync(context.Broker(login + "?handler=NetId"), [new("__RequestVerificationToken", token)], cancellationToken));
        if (qr.Status != HttpStatusCode.OK)
        {
            var waiting = PlatformSteps.RedirectOrFail(qr, "choose-app");
            if (!waiting.EndsWith("/netid", StringComparison.Ordinal))
            {
                await FailFromPageAsync(browser, waiting, "choose-app", cancellationToken);
            }

            qr = await record.StepAsync("qr-page", () => browser.GetAsync(context.Broker(waiting), cancellationToken));
        }

        var bizSeq = Pages.BizSeq(qr.Body) ?? throw new LoginFailedException(PlatformSteps.Http(qr), "qr-page", "no bizSeq on the QR page");
        var matchCode = Pages.MatchCode(qr.Body) ?? throw new LoginFailedException(PlatformSteps.Http(qr), "qr-page", "no matching number on the QR page");

        await record.StepAsync("approve", async () =>
        {
            using var approved = await context.Http.PostAsJsonAsync(context.Authority($"tester/sessions/{bizSeq}/approve"), new { persona = person.Id, matchCode }, cancellationToken);
            if (!approved.IsSuccessStatusCode)
            {
                throw new LoginFailedException("mock " + ((int)approved.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), "approve", await approved.Content.ReadAsStringAsync(cancellationToken));
            }

            return true;
        });

        var next = await PollAsync(browser, login, record, cancellationToken);
        var landing = await PlatformSteps.ReturnAsync(browser, options.Broker, request, next, record, cancellationToken);
        if (landing.Page is not null)
        {
            landing = await AgreeAsync(browser, request, landing, record, cancellationToken);
        }

        await PlatformSteps.TokenAsync(browser, options.Broker, options.ClientId, options.ClientSecret, request, landing.Code!, record, cancellationToken);
    }

    /// <summary>
    /// Step <c>status</c>: polls until the login leaves "pending". The broker asks the authority
    /// at most once a second per login and answers a sooner poll with Retry-After (issue 8 §6);
    /// the driver waits that out as a browser would (step <c>poll-wait</c>).
    /// </summary>
    private async Task<string> PollAsync(Browser browser, string login, LoginRecord record, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var answer = await record.StepAsync("status", () => browser.FetchAsync(context.Broker(login + "/netid/status"), cancellationToken));
            if (answer.Status != HttpStatusCode.OK)
            {
                throw new LoginFailedException(PlatformSteps.Http(answer), "status", "the status poll failed");
            }

            var status = JsonSerializer.Deserialize<Status>(answer.Body, JsonSerializerOptions.Web)
                ?? throw new LoginFailedException("bad-status", "status", "the status was not JSON");
            switch (status.State)
            {
                case "verified" when status.Next is not null:
                    return status.Next;
                case "failed":
                    await FailFromPageAsync(browser, status.Next ?? login + "/failed", "status", cancellationToken);
                    break;
                case "pending":
                    var wait = answer.RetryAfter ?? TimeSpan.FromMilliseconds(250);
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    await Task.Delay(wait, cancellationToken);
                    record.Add("poll-wait", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    break;
                default:
                    throw new LoginFailedException("bad-status", "status", "unexpected state " + status.State);
            }
        }

        throw new LoginFailedException("still-pending", "status", "the login stayed pending");
    }

    /// <summary>Step <c>consent</c>: agrees to <c>netid.age</c> on the ordinary consent page, then back to the code.</summary>
    private async Task<Landing> AgreeAsync(Browser browser, AuthorizationRequest request, Landing landing, LoginRecord record, CancellationToken cancellationToken)
    {
        if (!landing.Page!.Contains("/consent", StringComparison.Ordinal) || Pages.Antiforgery(landing.Html!) is not { } token)
        {
            throw new LoginFailedException("unexpected-page", "return", "the broker showed " + landing.Page);
        }

        var agreed = await record.StepAsync("consent", () => browser.PostFormAsync(
            context.Broker(landing.Page),
            [new("__RequestVerificationToken", token), new("granted", ConsentScope), new("decision", "agree")],
            cancellationToken));
        context.CountConsentPage();
        var next = PlatformSteps.RedirectOrFail(agreed, "consent");
        var back = await PlatformSteps.ReturnAsync(browser, context.Options.Broker, request, next, record, cancellationToken);
        return back.Code is not null ? back : throw new LoginFailedException("unexpected-page", "consent", "the broker showed " + back.Page);
    }

    /// <summary>Reads the NI code of the failure page the login was sent to, and fails with it.</summary>
    internal static async Task FailFromPageAsync(Browser browser, LoginContext context, string location, string step, CancellationToken cancellationToken)
    {
        var page = await browser.GetAsync(context.Broker(location), cancellationToken);
        throw new LoginFailedException(Pages.ErrorCode(page.Body) ?? PlatformSteps.Http(page), step, "the login failed at " + location);
    }

    private Task FailFromPageAsync(Browser browser, string location, string step, CancellationToken cancellationToken) =>
        FailFromPageAsync(browser, context, location, step, cancellationToken);

    private sealed record Status(string State, string? Next);
}
