using NetIdentity.EndToEnd.Tests.Infrastructure;

namespace NetIdentity.EndToEnd.Tests.Storage;

/// <summary>
/// What the running broker keeps after a login, on the database it was given (PostgreSQL in CI):
/// a complete authentication log entry (PRODUCT rule 6), and no plaintext identity at rest or in
/// any log line (rule 7; STYLE.md convention 7: no token in a log either).
/// </summary>
[Collection(SandboxGroup.Name)]
public sealed class PlaintextAtRestTests(SandboxFixture sandbox)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    [ExercisesPersonas("adult")]
    public async Task AuthenticationLog_AfterALogin_HoldsOneEntryWithTheResultAndThePairwiseSubject()
    {
        sandbox.WriteDatabaseNote();

        var login = await IndependentClient.LoginAsync(sandbox, "adult", Ct);

        var entry = Assert.Single(await BrokerDatabase.LogEntriesAsync(sandbox, login.BizSeq, Ct));
        Assert.Equal(SandboxFixture.ScriptClientId, entry["client_id"]);
        Assert.Equal("netid", entry["path"]);
        Assert.Equal("R01", entry["mode"]);
        Assert.Equal("C0000000", entry["result_code"]);
        Assert.Equal(login.Subject, entry["subject"]);
        Assert.Equal("urn:netidentity:acr:level1", entry["acr"]);
        Assert.Matches("^[0-9a-f]{64}$", entry["hash"]);
    }

    /// <remarks>
    /// Every persona's name, ID number and phone, not only this login's: the tests that release
    /// plaintext, or pass a guardian's and a child's identity through the broker, end with the same
    /// scan (<see cref="PlaintextScan"/>), whichever order xunit runs them in.
    /// </remarks>
    [Fact]
    [ExercisesPersonas("adult")]
    public async Task BrokerDatabaseAndLogs_AfterALogin_HoldNoPlaintextIdentityOfAnyPersona()
    {
        sandbox.WriteDatabaseNote();
        var login = await IndependentClient.LoginAsync(sandbox, "adult", Ct);

        // The dump is real: it holds this login's authority session.
        Assert.Contains(login.BizSeq, await BrokerDatabase.DumpAsync(sandbox, Ct), StringComparison.Ordinal);
        await PlaintextScan.AssertNoPlaintextAsync(sandbox, Ct);
    }

    [Fact]
    [ExercisesPersonas("adult")]
    public async Task ServiceLogs_AfterALogin_HoldNoToken()
    {
        sandbox.WriteDatabaseNote();
        var login = await IndependentClient.LoginAsync(sandbox, "adult", Ct);

        var lines = PlaintextScan.ServiceLogLines(sandbox);

        Assert.NotEmpty(lines);
        Assert.All(new[] { login.IdToken, login.AccessToken }, token => Assert.DoesNotContain(lines, line => line.Contains(token, StringComparison.Ordinal)));
    }
}
