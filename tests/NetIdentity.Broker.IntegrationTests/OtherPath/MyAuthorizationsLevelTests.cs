using System.Net;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.OtherPath;

/// <summary>
/// "My authorizations" (<c>/my</c>) shows a person's consent history and withdraws consents, so
/// it asks for level 2 (docs/claims.md): 网证 + 口令 (R02), or the other way with its face step.
/// Level 1 (on the other way, an SMS code alone) does not open it.
/// </summary>
[Collection(OtherPathCollectionDefinition.Name)]
public sealed class MyAuthorizationsLevelTests(OtherPathFixture fixture)
{
    [Fact]
    public async Task MyLogin_OtherWayAfterTheSmsCode_IsSteppedUpToTheFaceStepBeforeMyOpens()
    {
        var driver = fixture.NewDriver();
        var login = await StartMyLoginAsync(driver);

        var next = await driver.VerifyAsync(login, OtherPathPersonas.Adult);

        Assert.Equal(login + "/other/face", next);
        using var my = await driver.Browser.GetAsync(new Uri("/my", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, my.StatusCode);
        Assert.Equal("/my/login", my.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task MyLogin_OtherWayWithTheFaceStep_OpensMy()
    {
        var driver = fixture.NewDriver();
        var login = await StartMyLoginAsync(driver);
        Assert.Equal(login + "/other/face", await driver.VerifyAsync(login, OtherPathPersonas.Adult));

        var face = await driver.SubmitFaceAsync(login);

        Assert.Equal(HttpStatusCode.Redirect, face.Status);
        var complete = await driver.FollowAsync(face.Location!);
        Assert.Equal(HttpStatusCode.OK, complete.Status);
        Assert.Contains("我的授权", complete.Body, StringComparison.Ordinal);
        var row = await fixture.Broker.LatestLogEntryAsync();
        Assert.Equal(("C0000000", "urn:netidentity:acr:level2"), (row.ResultCode, row.Acr));
    }

    // The face step is not optional for /my: a person whose face does not match never gets in.
    [Fact]
    public async Task MyLogin_OtherWayWithAFaceMismatch_EndsWithNI1006AndMyStaysClosed()
    {
        var driver = fixture.NewDriver();
        var login = await StartMyLoginAsync(driver);
        Assert.Equal(login + "/other/face", await driver.VerifyAsync(login, OtherPathPersonas.FaceMismatch));

        var face = await driver.SubmitFaceAsync(login);

        Assert.Equal(login + "/failed", face.Location);
        Assert.Contains("data-error-code=\"NI1006\"", await driver.Login.FailedPageAsync(login), StringComparison.Ordinal);
        using var my = await driver.Browser.GetAsync(new Uri("/my", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, my.StatusCode);
    }

    // The national app is asked for R02: a wrong 口令 fails (an R01 session would have passed).
    [Fact]
    public async Task MyLogin_NationalAppWithAWrongPassword_FailsWithNI1005()
    {
        var driver = fixture.NewDriver();
        var login = await StartMyLoginAsync(driver);

        var (_, status) = await driver.Login.FailAsync(login, "adult", password: "000000");

        Assert.Equal("failed", status.State);
        Assert.Contains("data-error-code=\"NI1005\"", await driver.Login.FailedPageAsync(login), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MyLogin_NationalAppWithThePassword_OpensMy()
    {
        var driver = fixture.NewDriver();

        var page = await driver.Login.SignInToMyAuthorizationsAsync();

        Assert.Contains("我的授权", page.Html, StringComparison.Ordinal);
        var row = await fixture.Broker.LatestLogEntryAsync();
        Assert.Equal("urn:netidentity:acr:level2", row.Acr);
    }

    // The attack itself: a stolen name and ID number with the attacker's phone never gets past the form.
    [Fact]
    public async Task MyLogin_StolenNameAndNumberWithTheAttackersPhone_ShowsNI1402()
    {
        var driver = fixture.NewDriver();
        var victim = OtherPathPersonas.Adult;
        var login = await StartMyLoginAsync(driver);

        var answer = await driver.SubmitAsync(login, victim.Name, victim.IdNumber, "13999999999");

        Assert.Equal("NI1402", answer.ErrorCode);
    }

    private static async Task<string> StartMyLoginAsync(OtherPathDriver driver)
    {
        using var start = await driver.Browser.GetAsync(new Uri("/my/login", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        return start.Headers.Location!.ToString();
    }
}
