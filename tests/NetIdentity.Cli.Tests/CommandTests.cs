using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using NetIdentity.Core.Audit;
using NetIdentity.Core.Login;
using NetIdentity.Data;

namespace NetIdentity.Cli.Tests;

/// <summary>
/// <c>netidentity</c> against real databases (issue 11 §4): each command's output and exit code,
/// on SQLite and PostgreSQL.
/// </summary>
public sealed class CommandTests
{
    public static TheoryData<string> Providers => CliDatabase.Providers;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migrate_OnAnEmptyDatabase_AppliesEveryMigrationAndIsRepeatable(string provider)
    {
        await using var database = await CliDatabase.CreateAsync(provider);

        var first = await CliRun.RunAsync(database.Args("migrate"));
        var second = await CliRun.RunAsync(database.Args("migrate"));

        Assert.Equal((ExitCodes.Ok, "The database has every migration."), (first.ExitCode, first.Output.Trim()));
        Assert.Equal((ExitCodes.Ok, "The database has every migration."), (second.ExitCode, second.Output.Trim()));
        await using var app = Services(database);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<BrokerDbContext>().Database.GetPendingMigrationsAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AuditVerify_AfterARowIsAltered_ReportsTheBrokenPositionAndExits2(string provider)
    {
        await using var database = await CliDatabase.CreateAsync(provider);
        await CliRun.RunAsync(database.Args("migrate"));
        await AppendLogEntriesAsync(database, 3);

        var intact = await CliRun.RunAsync(database.Args("audit", "verify"));
        await AlterAsync(database, "UPDATE authentication_log SET result_code = 'C0000000' WHERE position = 2");
        var broken = await CliRun.RunAsync(database.Args("audit", "verify"));

        Assert.Equal(ExitCodes.Ok, intact.ExitCode);
        Assert.Matches("^chain [0-9a-f]{32}: intact, 3 entry\\(ies\\), checkpointed to position 0, 3 after the last checkpoint$", intact.Lines[0]);
        Assert.Equal("1 chain(s), 0 broken; 0 checkpoint(s), 0 checkpoint problem(s).", intact.Lines[^1]);
        Assert.Equal(ExitCodes.CheckFailed, broken.ExitCode);
        Assert.Matches("^chain [0-9a-f]{32}: BROKEN: entry 2 does not hash to its stored hash$", broken.Lines[0]);
        Assert.Equal("1 chain(s), 1 broken; 0 checkpoint(s), 0 checkpoint problem(s).", broken.Lines[^1]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Purge_WithAnExpiredLogin_ErasesItAndSaysHowMany(string provider)
    {
        await using var database = await CliDatabase.CreateAsync(provider);
        await CliRun.RunAsync(database.Args("migrate"));
        await using (var app = Services(database))
        {
            var states = app.Services.GetRequiredService<ILoginStates>();
            var past = DateTimeOffset.UtcNow.AddHours(-1);
            Assert.True(await states.CreateAsync(
                new StoredLogin
                {
                    Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('='),
                    LoginId = "expired-login-00000001",
                    ClientId = "demo-forum",
                    Version = 1,
                    State = "AwaitingMethod",
                    Payload = "opaque",
                    CreatedAt = past.AddMinutes(-10),
                    ExpiresAt = past,
                },
                Ct));
        }

        var first = await CliRun.RunAsync(database.Args("purge"));
        var second = await CliRun.RunAsync(database.Args("purge"));

        Assert.Equal((ExitCodes.Ok, "Purged 1 expired login(s), 0 uncollected identity delivery(ies), 0 replay cache entry(ies), 0 token(s), 0 authorization(s) and 0 used bizSeq(s)."), (first.ExitCode, first.Output.Trim()));
        Assert.Equal("Purged 0 expired login(s), 0 uncollected identity delivery(ies), 0 replay cache entry(ies), 0 token(s), 0 authorization(s) and 0 used bizSeq(s).", second.Output.Trim());
    }

    [Fact]
    public async Task Migrate_WhenPostgreSqlDoesNotAnswer_Exits3WithoutTheConnectionString()
    {
        var args = new[]
        {
            "migrate", "--environment", "Development", "--set", "Database:Provider=PostgreSql",
            "--set", "ConnectionStrings:NetIdentity=Host=127.0.0.1;Port=9;Username=netid;Password=secret-password;Timeout=2",
        };

        var run = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.DatabaseUnavailable, run.ExitCode);
        Assert.StartsWith("database unavailable (", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlatformsValidate_InDevelopment_IsValid()
    {
        var run = await CliRun.RunAsync("platforms", "validate", "--environment", "Development");

        Assert.Equal((ExitCodes.Ok, "The configuration is valid."), (run.ExitCode, run.Output.Trim()));
    }

    [Fact]
    public async Task PlatformsValidate_InProductionWithoutSettings_ListsEveryProblemAndExits1()
    {
        var run = await CliRun.RunAsync("platforms", "validate", "--environment", "Production");

        Assert.Equal(ExitCodes.InvalidConfiguration, run.ExitCode);
        Assert.Contains("invalid: Broker:Issuer is required outside Development, e.g. https://id.example.com/: the issuer must never come from a request's Host header.", run.Lines);
        Assert.Contains(run.Lines, line => line.StartsWith("invalid: Broker:KeyRing:CertificatePath is required outside Development", StringComparison.Ordinal));
        Assert.Contains("invalid: Authority:SigningKeys must pin at least one authority signing key (KeyId and PublicKeyPem).", run.Lines);
        Assert.Equal($"{run.Lines.Count(l => l.StartsWith("invalid: ", StringComparison.Ordinal))} problem(s).", run.Lines[^1]);
    }

    [Fact]
    public async Task PlatformsList_InDevelopment_ListsTheDemoForum()
    {
        var run = await CliRun.RunAsync("platforms", "list", "--environment", "Development");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(["demo-forum\tclient_secret\topenid netid netid.age netid.masked netid.identity\tlegal basis"], run.Lines);
    }

    [Fact]
    public async Task Purge_WithInvalidConfiguration_RefusesBeforeTouchingTheDatabase()
    {
        var run = await CliRun.RunAsync("purge", "--environment", "Production");

        Assert.Equal(ExitCodes.InvalidConfiguration, run.ExitCode);
        Assert.Contains("invalid configuration: Broker:Issuer is required outside Development", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("audit", "--help")]
    public async Task Help_DescribesTheCommands(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("Usage:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_Exits1()
    {
        var run = await CliRun.RunAsync("rotate-everything");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("rotate-everything", run.Error, StringComparison.Ordinal);
    }

    private static WebApplication Services(CliDatabase database) =>
        BrokerServices.Build(new CommonOptions(null, "Development", [$"Database:Provider={database.Provider}", $"ConnectionStrings:NetIdentity={database.ConnectionString}"]));

    private static async Task AppendLogEntriesAsync(CliDatabase database, int count)
    {
        await using var app = Services(database);
        var log = app.Services.GetRequiredService<IAuthenticationLog>();
        for (var i = 0; i < count; i++)
        {
            await log.AppendAsync(
                new AuthenticationLogEntry { Time = DateTimeOffset.UtcNow, ClientId = "demo-forum", Path = "netid", ResultCode = "NI1101" },
                Ct);
        }
    }

    private static async Task AlterAsync(CliDatabase database, string sql)
    {
        await using var app = Services(database);
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<BrokerDbContext>().Database.ExecuteSqlRawAsync(sql, Ct);
    }
}
