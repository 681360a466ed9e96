using System.Globalization;
using System.Net;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.OtherPath;

/// <summary>
/// The per-ID-number lock-out of the other way counts failures, not logins (issue 8 §6): a person
/// who logs in often is never locked out, while mismatches and codes sent but never entered (an
/// SMS flood of the person's phone) lock the number out with NI1406. Each test has a broker of its
/// own with the per-number limit under test and the other limits out of the way.
/// </summary>
[Collection(OtherPathCollectionDefinition.Name)]
public sealed class OtherPathLockOutTests(OtherPathFixture fixture)
{
    private const int Limit = 5;

    [Fact]
    public async Task Login_SixSuccessfulLoginsOfOnePerson_AllSucceed()
    {
        await using var broker = StartBroker();
        var driver = fixture.NewDriver(broker);

        var landings = new List<Uri>();
        for (var i = 0; i < Limit + 1; i++)
        {
            landings.Add(await driver.LoginAsync(new AuthorizationRequest(TestPlatforms.B), OtherPathPersonas.Adult));
        }

        Assert.All(landings, landing => Assert.Contains("code", LoginDriver.Query(landing).Keys));
    }

    [Fact]
    public async Task Submit_FailuresPastTheLimit_LockOutWithNI1406()
    {
        await using var broker = StartBroker();
        var driver = fixture.NewDriver(broker);
        var person = OtherPathPersonas.Adult;

        var answers = new List<BrokerAnswer>();
        for (var i = 0; i < Limit + 1; i++)
        {
            answers.Add(await driver.SubmitAsync(await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B)), WrongName(person), person.IdNumber, person.Phone));
        }

        Assert.All(answers[..Limit], answer => Assert.Equal("NI1402", answer.ErrorCode));
        Assert.Equal((HttpStatusCode.TooManyRequests, "NI1406"), (answers[Limit].Status, answers[Limit].ErrorCode));
    }

    [Fact]
    public async Task Submit_CodesSentButNeverEnteredPastTheLimit_LockOutWithNI1406()
    {
        await using var broker = StartBroker();
        var driver = fixture.NewDriver(broker);

        var answers = new List<BrokerAnswer>();
        for (var i = 0; i < Limit + 1; i++)
        {
            answers.Add(await driver.SubmitAsync(await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B)), OtherPathPersonas.Adult));
        }

        Assert.All(answers[..Limit], answer => Assert.Equal(HttpStatusCode.Redirect, answer.Status));
        Assert.Equal((HttpStatusCode.TooManyRequests, "NI1406"), (answers[Limit].Status, answers[Limit].ErrorCode));
    }

    [Fact]
    public async Task Submit_FailuresBeforeASuccessfulLogin_StillCount()
    {
        await using var broker = StartBroker();
        var driver = fixture.NewDriver(broker);
        var person = OtherPathPersonas.Adult;
        for (var i = 0; i < Limit - 1; i++)
        {
            Assert.Equal("NI1402", (await driver.SubmitAsync(await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B)), WrongName(person), person.IdNumber, person.Phone)).ErrorCode);
        }

        Assert.Contains("code", LoginDriver.Query(await driver.LoginAsync(new AuthorizationRequest(TestPlatforms.B), person)).Keys);
        Assert.Equal("NI1402", (await driver.SubmitAsync(await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B)), WrongName(person), person.IdNumber, person.Phone)).ErrorCode);

        var refused = await driver.SubmitAsync(await driver.StartAsync(new AuthorizationRequest(TestPlatforms.B)), person);

        Assert.Equal((HttpStatusCode.TooManyRequests, "NI1406"), (refused.Status, refused.ErrorCode));
    }

    /// <summary>The person's name with one character more: the authority answers a mismatch.</summary>
    private static string WrongName(OtherPathPersona person) => person.Name + "某";

    private BrokerHost StartBroker() => fixture.StartBroker(new Dictionary<string, string?>
    {
        ["Broker:OtherPath:AttemptsPerIdNumber"] = Limit.ToString(CultureInfo.InvariantCulture),
        ["Broker:OtherPath:AttemptsPerAddress"] = "100",
        ["Broker:OtherPath:AttemptsPerLogin"] = "100",
        ["Broker:OtherPath:Window"] = "00:10:00",
        ["Broker:OtherPath:MaximumDelay"] = "00:00:00.01",
    });
}
