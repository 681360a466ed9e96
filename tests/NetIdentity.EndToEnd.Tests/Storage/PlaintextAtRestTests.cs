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
    public async Task AuthenticationLog_AfterALogin_HoldsOneEntryWithTheResultAndThePairwiseSubject()
    {
        sandbox.WriteDatabaseNote();

        var login = await IndependentClient.LoginAsync(sandbox, "adult", Ct);

        var entry = Assert.Single(await BrokerDatabase.LogEntriesAsync(sandbox, login.BizSeq, Ct));
        Assert.Equal(SandboxFixture.ClientId, entry["client_id"]);
        Assert.Equal("netid", entry["path"]);
        Assert.Equal("R01", entry["mode"]);
        Assert.Equal("C0000000", entry["result_code"]);
        Assert.Equal(login.Subject, entry["subject"]);
        Assert.Equal("urn:netidentity:acr:level1", entry["acr"]);
        Assert.Matches("^[0-9a-f]{64}$", entry["hash"]);
    }

    [Fact]
    public async Task BrokerDatabase_AfterALogin_HoldsNoPlaintextIdentity()
    {
        sandbox.WriteDatabaseNote();
        var adult = await PersonaIdentity.FetchAsync(sandbox.Mock, "adult", Ct);
        var login = await IndependentClient.LoginAsync(sandbox, "adult", Ct);

        var dump = await BrokerDatabase.DumpAsync(sandbox, Ct);

        Assert.Contains(login.BizSeq, dump, StringComparison.Ordinal);
        Assert.All(adult.PlaintextValues, value => Assert.DoesNotContain(value, dump, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServiceLogs_AfterALogin_HoldNoPlaintextIdentityAndNoToken()
    {
        sandbox.WriteDatabaseNote();
        var adult = await PersonaIdentity.FetchAsync(sandbox.Mock, "adult", Ct);
        var login = await IndependentClient.LoginAsync(sandbox, "adult", Ct);

        // The broker's and the forum's lines; the mock is the authority's stand-in, not NetIdentity.
        var lines = sandbox.Output.Split('\n')
            .Where(line => line.StartsWith("[broker", StringComparison.Ordinal) || line.StartsWith("[platform", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(lines);
        string[] secrets = [.. adult.PlaintextValues, login.IdToken, login.AccessToken];
        Assert.All(secrets, secret => Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal)));
    }
}
