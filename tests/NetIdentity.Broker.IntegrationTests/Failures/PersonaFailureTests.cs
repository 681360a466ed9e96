using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.Failures;

/// <summary>
/// Each persona of the mock authority that does not pass (docs/mock-authority.md, "Personas")
/// ends the login with its documented error at the platform's redirect URI (docs/errors/) and
/// leaves an authentication log entry with the same code (PRODUCT rule 6).
/// </summary>
[Collection(BrokerCollectionDefinition.Name)]
public sealed class PersonaFailureTests(BrokerFixture fixture)
{
    private const string Level2 = "urn:netidentity:acr:level2";
    private const string Level3 = "urn:netidentity:acr:level3";

    /// <summary>Persona, acr_values (the mode where it fails), OAuth error, NI code.</summary>
    public static TheoryData<string, string?, string, string> FailingPersonas => new()
    {
        { "cancelled", null, "access_denied", "NI1002" },
        { "frozen", null, "access_denied", "NI1003" },
        { "expired", null, "access_denied", "NI1004" },
        { "wrong-password", Level2, "access_denied", "NI1005" },
        { "face-mismatch", Level3, "access_denied", "NI1006" },
        { "bad-signature", null, "access_denied", "NI1101" },
        { "outage", null, "temporarily_unavailable", "NI1201" },
    };

    [Theory]
    [MemberData(nameof(FailingPersonas))]
    public async Task Login_AsFailingPersona_ReturnsItsErrorToThePlatform(string persona, string? acrValues, string error, string code)
    {
        var driver = fixture.NewDriver();
        var request = new AuthorizationRequest(TestPlatforms.B) { AcrValues = acrValues };
        var login = await driver.StartAsync(request);
        await driver.FailAsync(login, persona);

        var landing = await driver.ReturnFromFailedPageAsync(login);

        ProtocolAssert.LoginError(landing, request, error, code);
    }

    /// <summary>Persona, acr_values, NI code.</summary>
    public static TheoryData<string, string?, string> LoggedFailures => new(FailingPersonas.Select(row => (row.Data.Item1, row.Data.Item2, row.Data.Item4)));

    [Theory]
    [MemberData(nameof(LoggedFailures))]
    public async Task Login_AsFailingPersona_LogsTheAttemptWithItsCode(string persona, string? acrValues, string code)
    {
        var driver = fixture.NewDriver();
        var login = await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B) { AcrValues = acrValues });

        var (bizSeq, _) = await driver.FailAsync(login, persona);

        ProtocolAssert.FailureLogged(await fixture.Broker.LatestLogEntryAsync(), TestPlatforms.B, code, bizSeq);
    }

    [Fact]
    public async Task Login_WhenPersonRefusesInApp_ReturnsAccessDeniedNI1001()
    {
        var driver = fixture.NewDriver();
        var request = new AuthorizationRequest(TestPlatforms.B);
        var login = await driver.StartAsync(request);
        var bizSeq = await driver.ChooseNetIdAsync(login);
        await fixture.Mock.DenyAsync(bizSeq);
        Assert.Equal("failed", (await driver.PollUntilFinishedAsync(login)).State);

        var landing = await driver.ReturnFromFailedPageAsync(login);

        ProtocolAssert.LoginError(landing, request, "access_denied", "NI1001");
        ProtocolAssert.FailureLogged(await fixture.Broker.LatestLogEntryAsync(), TestPlatforms.B, "NI1001", bizSeq);
    }

    [Fact]
    public async Task Login_AsReplayedPersonaAfterAnEarlierPass_ReturnsAccessDeniedNI1102()
    {
        var driver = fixture.NewDriver();
        Assert.Contains("code", LoginDriver.Query(await driver.LoginAsync(new AuthorizationRequest(TestPlatforms.B))).Keys);
        var request = new AuthorizationRequest(TestPlatforms.B);
        var login = await driver.StartAsync(request);
        var (bizSeq, _) = await driver.FailAsync(login, "replayed");

        var landing = await driver.ReturnFromFailedPageAsync(login);

        ProtocolAssert.LoginError(landing, request, "access_denied", "NI1102");
        ProtocolAssert.FailureLogged(await fixture.Broker.LatestLogEntryAsync(), TestPlatforms.B, "NI1102", bizSeq);
    }

    [Fact]
    public async Task Login_AsSlowPersona_StillCompletes()
    {
        var driver = fixture.NewDriver();
        var request = new AuthorizationRequest(TestPlatforms.B);

        var landing = await driver.LoginAsync(request, "slow");

        var query = LoginDriver.Query(landing);
        Assert.False(query.ContainsKey("error"), landing.ToString());
        var tokens = await driver.RedeemAsync(request, query["code"]);
        var idToken = await IdTokens.ValidateAsync(driver.Browser, tokens.IdToken!, request.Platform.ClientId, request.Nonce);
        Assert.Equal("pass", idToken.GetPayloadValue<string>("netid_result"));
    }
}
