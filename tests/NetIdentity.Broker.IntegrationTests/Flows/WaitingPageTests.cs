using System.Net;
using System.Text.RegularExpressions;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using StbImageSharp;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace NetIdentity.Broker.IntegrationTests.Flows;

/// <summary>
/// "Use the national app" answered with the waiting page itself when a browser submitted the
/// form (<c>Sec-Fetch-Dest: document</c>), one round trip less (issue 10); anything else keeps
/// the redirect to <c>/login/{id}/netid</c> that docs/mock-authority.md documents for scripts.
/// Either way the login opens exactly one authority session and ends the same way.
/// </summary>
[Collection(BrokerCollectionDefinition.Name)]
public sealed class WaitingPageTests(BrokerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChooseApp_AsABrowsersFormSubmission_AnswersWithTheWaitingPageAndTheLoginCompletes()
    {
        var driver = fixture.NewDriver();
        var request = new AuthorizationRequest(TestPlatforms.A);
        var login = await driver.StartAsync(request);

        using var answer = await driver.SubmitNetIdAsync(login, fetchDest: "document");
        var page = await answer.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.True(answer.Headers.CacheControl?.NoStore, "A login page must never be stored.");
        Assert.Contains($"data-page-url=\"{login}/netid\"", page, StringComparison.Ordinal);
        Assert.Contains($"data-status-url=\"{login}/netid/status\"", page, StringComparison.Ordinal);
        Assert.Contains("<img class=\"qr\" src=\"data:image/png;base64,", page, StringComparison.Ordinal);
        Assert.Contains("/js/netid-wait.js", page, StringComparison.Ordinal);
        var bizSeq = LoginDriver.BizSeqOf(page);
        Assert.Matches("^[A-Za-z0-9]{32}$", bizSeq);

        // The page shows the number the person picks in the app; the login then ends as any other.
        fixture.Mock.RememberMatchCode(bizSeq, LoginDriver.MatchCodeOf(page));
        await fixture.Mock.ApproveAsync(bizSeq, "adult");
        var query = LoginDriver.Query(await driver.FinishAsync(login));
        var tokens = await driver.RedeemAsync(request, query["code"]);
        Assert.NotNull(tokens.IdToken);
    }

    [Fact]
    public async Task WaitingPage_QrImage_EncodesExactlyTheAuthoritySessionsPayload()
    {
        var driver = fixture.NewDriver();
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.A));
        using var answer = await driver.SubmitNetIdAsync(login, fetchDest: "document");
        var page = await answer.Content.ReadAsStringAsync(Ct);
        var payload = WebUtility.HtmlDecode(Regex.Match(page, "data-qr-payload=\"([^\"]+)\"").Groups[1].Value);
        Assert.Contains(LoginDriver.BizSeqOf(page), payload, StringComparison.Ordinal);

        // One pixel per module, as the broker sends it; the page scales it up without smoothing
        // (site.css, image-rendering: pixelated), which a reader of the pure code does not need.
        var png = Convert.FromBase64String(WebUtility.HtmlDecode(Regex.Match(page, "<img class=\"qr\" src=\"data:image/png;base64,([^\"]+)\"").Groups[1].Value));
        var image = ImageResult.FromMemory(png, ColorComponents.RedGreenBlueAlpha);
        var source = new RGBLuminanceSource(image.Data, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.RGBA32);
        var decoded = new QRCodeReader().decode(
            new BinaryBitmap(new HybridBinarizer(source)),
            new Dictionary<DecodeHintType, object> { [DecodeHintType.PURE_BARCODE] = true });

        Assert.NotNull(decoded);
        Assert.Equal(payload, decoded.Text);
        Assert.Equal("M", decoded.ResultMetadata[ResultMetadataType.ERROR_CORRECTION_LEVEL]);
    }

    [Fact]
    public async Task ChooseApp_SubmittedAgain_OpensNoSecondSessionAndSendsTheBrowserToTheSameWaitingPage()
    {
        var driver = fixture.NewDriver();
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.A));
        using var first = await driver.SubmitNetIdAsync(login, fetchDest: "document");
        var bizSeq = LoginDriver.BizSeqOf(await first.Content.ReadAsStringAsync(Ct));

        // A reload that repeats the form (the browser's "resubmit?"): the login is waiting already.
        // The antiforgery token the waiting page carries (its cancel form's).
        using var again = await driver.PostNetIdAsync(login, LoginDriver.Antiforgery(await first.Content.ReadAsStringAsync(Ct)), fetchDest: "document");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(login + "/netid", again.Headers.Location!.ToString());

        var reloaded = await driver.Browser.GetStringAsync(new Uri(login + "/netid", UriKind.Relative), Ct);
        Assert.Equal(bizSeq, LoginDriver.BizSeqOf(reloaded));
    }

    [Theory]
    [InlineData("iframe")]
    [InlineData("empty")]
    public async Task ChooseApp_FromAFrameOrAScript_KeepsTheRedirect(string fetchDest)
    {
        var driver = fixture.NewDriver();
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.A));

        using var answer = await driver.SubmitNetIdAsync(login, fetchDest);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal(login + "/netid", answer.Headers.Location!.ToString());
        Assert.Matches("^[A-Za-z0-9]{32}$", LoginDriver.BizSeqOf(await driver.Browser.GetStringAsync(new Uri(login + "/netid", UriKind.Relative), Ct)));
    }
}
