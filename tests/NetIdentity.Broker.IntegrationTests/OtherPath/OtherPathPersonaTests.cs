using System.Net;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Core.Errors;
using NetIdentity.Core.Identity;

namespace NetIdentity.Broker.IntegrationTests.OtherPath;

/// <summary>
/// Each persona of the other lawful way (docs/mock-authority.md, "other-…") meets its documented
/// outcome, and each way of getting the form or the code wrong meets its NI14xx code
/// (docs/errors/): the person is told in plain words, the platform gets a standard OAuth error
/// only when the login ends, and every attempt leaves an authentication log row on the
/// <c>document</c> path (PRODUCT rule 6).
/// </summary>
[Collection(OtherPathCollectionDefinition.Name)]
public sealed class OtherPathPersonaTests(OtherPathFixture fixture)
{
    private const string Level3 = "urn:netidentity:acr:level3";

    [Fact]
    public async Task Login_AsOtherAdult_ReturnsCodeForLevel1IdToken()
    {
        var driver = fixture.NewDriver();
        var request = new AuthorizationRequest(TestPlatforms.B);

        var landing = await driver.LoginAsync(request, OtherPathPersonas.Adult);

        var query = LoginDriver.Query(landing);
        Assert.True(query.ContainsKey("code"), landing.ToString());
        Assert.Equal(request.State, query["state"]);
        var tokens = await driver.Login.RedeemAsync(request, query["code"]);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, TestPlatforms.B.ClientId, request.Nonce);
        Assert.Equal("urn:netidentity:acr:level1", idToken.GetPayloadValue<string>("acr"));
        Assert.Equal("pass", idToken.GetPayloadValue<string>("netid_result"));
    }

    [Fact]
    public async Task Login_AsOtherMinor_PassesWithAgeBand14To17()
    {
        var driver = fixture.NewDriver();
        var request = new AuthorizationRequest(OtherPathFixture.AgePlatform) { Scope = "openid netid netid.age" };
        var login = await driver.StartAsync(request);
        var consent = await driver.FollowAsync(await driver.VerifyAsync(login, OtherPathPersonas.Minor));
        Assert.Equal(HttpStatusCode.OK, consent.Status);
        Assert.Contains("data-consent-item=\"netid.age\"", consent.Body, StringComparison.Ordinal);

        var agreed = await driver.AgreeAsync(login, "netid.age");

        var landing = await driver.Login.FollowToPlatformAsync(agreed.Location!);
        var tokens = await driver.Login.RedeemAsync(request, LoginDriver.Query(landing)["code"]);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, OtherPathFixture.AgePlatform.ClientId, request.Nonce);
        Assert.Equal("14_17", idToken.GetPayloadValue<string>("netid_age_band"));
        Assert.True(idToken.GetPayloadValue<bool>("netid_minor"));
    }

    // Under 14 the guardian flow decides the outcome (PIPL Art. 31); here only the person's own
    // verification is checked: the real-name check passes and the SMS code is asked for.
    [Fact]
    public async Task Submit_AsOtherChild_ReachesTheCodePage()
    {
        var driver = fixture.NewDriver();
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));

        var submitted = await driver.SubmitAsync(login, OtherPathPersonas.Child);

        Assert.Equal(HttpStatusCode.Redirect, submitted.Status);
        Assert.Equal(login + "/other/code", submitted.Location);
        var page = await driver.FollowAsync(submitted.Location!);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("name=\"code\"", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_AsOtherNameMismatch_ReshowsFormWithNI1402NamingNeitherField()
    {
        var driver = fixture.NewDriver();
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));

        var answer = await driver.SubmitAsync(login, OtherPathPersonas.NameMismatch);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("NI1402", answer.ErrorCode);
        Assert.Contains(LoginErrors.RealNameMismatch.MessageZh, answer.Body, StringComparison.Ordinal);
        Assert.Contains("name=\"Form.IdNumber\"", answer.Body, StringComparison.Ordinal);

        // Saying which half was wrong would turn the check into an oracle for name/number pairs.
        Assert.DoesNotContain("姓名不正确", answer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("号码不正确", answer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("name is wrong", answer.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("number is wrong", answer.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Submit_AsOtherNameMismatchInEnglish_ShowsTheEnglishNI1402Message()
    {
        var driver = fixture.NewDriver();
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));

        var answer = await driver.SubmitAsync(login, OtherPathPersonas.NameMismatch, lang: "en");

        Assert.Equal("NI1402", answer.ErrorCode);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(LoginErrors.RealNameMismatch.MessageEn), answer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("name is wrong", answer.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("number is wrong", answer.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Submit_AsOtherNameMismatch_LogsNI1402OnTheDocumentPath()
    {
        var driver = fixture.NewDriver();
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));

        await driver.SubmitAsync(login, OtherPathPersonas.NameMismatch);

        var row = await fixture.Broker.LatestLogEntryAsync();
        Assert.Equal("NI1402", row.ResultCode);
        Assert.Equal("document", row.Path);
        Assert.Equal(TestPlatforms.B.ClientId, row.ClientId);
        Assert.Null(row.Subject);
        Assert.Matches("^[A-Za-z0-9]{32}$", row.BizSeq);
    }

    [Fact]
    public async Task Submit_WithWrongCheckCharacter_ShowsNI1401WithoutAskingTheAuthority()
    {
        var calls = new RealNameCallCounter();
        await using var broker = fixture.StartBroker(services: calls.Decorate);
        var driver = fixture.NewDriver(broker);
        var person = OtherPathPersonas.Adult;
        var mistyped = OtherPathPersonas.WithWrongCheckCharacter(person.IdNumber);
        Assert.False(ResidentIdNumber.IsValid(mistyped, DateOnly.FromDateTime(DateTime.UtcNow)));
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));

        var answer = await driver.SubmitAsync(login, person.Name, mistyped, person.Phone);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("NI1401", answer.ErrorCode);
        Assert.Contains(LoginErrors.InvalidIdNumber.MessageZh, answer.Body, StringComparison.Ordinal);
        Assert.Equal(0, calls.Starts);
        var row = await broker.LatestLogEntryAsync();
        Assert.Equal(("NI1401", "document"), (row.ResultCode, row.Path));
    }

    [Fact]
    public async Task Code_WhenWrong_ShowsNI1403WithAttemptsLeft()
    {
        var driver = fixture.NewDriver();
        var person = OtherPathPersonas.Adult;
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B));
        Assert.Equal(HttpStatusCode.Redirect, (await driver.SubmitAsync(login, person)).Status);
        var wrong = OtherPathDriver.WrongCode(await driver.ReadCodeAsync(person.Phone));

        var answer = await driver.SubmitCodeAsync(login, wrong);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("NI1403", answer.ErrorCode);
        Assert.Contains(LoginErrors.WrongCode.MessageZh, answer.Body, StringComparison.Ordinal);
        Assert.Equal(4, answer.AttemptsLeft);
        Assert.Contains("还可以尝试4次。", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_WhenWrongFiveTimes_EndsTheLoginWithNI1404()
    {
        var driver = fixture.NewDriver();
        var person = OtherPathPersonas.Adult;
        var request = new AuthorizationRequest(TestPlatforms.B);
        var login = await driver.StartAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, (await driver.SubmitAsync(login, person)).Status);
        var wrong = OtherPathDriver.WrongCode(await driver.ReadCodeAsync(person.Phone));
        for (var left = 4; left >= 1; left--)
        {
            Assert.Equal(left, (await driver.SubmitCodeAsync(login, wrong)).AttemptsLeft);
        }

        var fifth = await driver.SubmitCodeAsync(login, wrong);

        Assert.Equal(HttpStatusCode.Redirect, fifth.Status);
        Assert.Equal(login + "/failed", fifth.Location);
        Assert.Contains("data-error-code=\"NI1404\"", await driver.Login.FailedPageAsync(login), StringComparison.Ordinal);
        var landing = await driver.Login.ReturnFromFailedPageAsync(login);
        ProtocolAssert.LoginError(landing, request, "access_denied", "NI1404");
        var row = await fixture.Broker.LatestLogEntryAsync();
        Assert.Equal(("NI1404", "document"), (row.ResultCode, row.Path));
    }

    // As on the app's page, the person can stop at any step, e.g. after mistyping the phone number.
    [Theory]
    [InlineData(null, "/other/code")]
    [InlineData(Level3, "/other/face")]
    public async Task Cancel_OnTheCodeOrFacePage_ReturnsNI1301ToThePlatform(string? acrValues, string page)
    {
        var driver = fixture.NewDriver();
        var request = new AuthorizationRequest(TestPlatforms.B) { AcrValues = acrValues };
        var login = await driver.StartAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, (await driver.SubmitAsync(login, OtherPathPersonas.Adult)).Status);
        if (page == "/other/face")
        {
            Assert.Equal(HttpStatusCode.Redirect, (await driver.SubmitCodeAsync(login, await driver.ReadCodeAsync(OtherPathPersonas.Adult.Phone))).Status);
        }

        var cancelled = await driver.CancelFromAsync(login + page);

        Assert.Equal(HttpStatusCode.Redirect, cancelled.Status);
        ProtocolAssert.LoginError(await driver.Login.FollowToPlatformAsync(cancelled.Location!), request, "access_denied", "NI1301");
    }

    [Fact]
    public async Task Face_AsFaceMismatchAtLevel3_EndsTheLoginWithNI1006()
    {
        var driver = fixture.NewDriver();
        var request = new AuthorizationRequest(TestPlatforms.B) { AcrValues = Level3 };
        var login = await driver.StartAsync(request);
        Assert.Equal(login + "/other/face", await driver.VerifyAsync(login, OtherPathPersonas.FaceMismatch));

        var face = await driver.SubmitFaceAsync(login);

        Assert.Equal(HttpStatusCode.Redirect, face.Status);
        Assert.Equal(login + "/failed", face.Location);
        var landing = await driver.Login.ReturnFromFailedPageAsync(login);
        ProtocolAssert.LoginError(landing, request, "access_denied", "NI1006");
        var row = await fixture.Broker.LatestLogEntryAsync();
        Assert.Equal(("NI1006", "document"), (row.ResultCode, row.Path));
    }
}
