using System.Security.Cryptography;

namespace NetIdentity.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One real sandbox for the whole run (mock authority, broker, demo platform as processes, the
/// way <c>dotnet run --project src/NetIdentity.Sandbox</c> starts them), on free ports, with a
/// temporary data directory. The broker runs on PostgreSQL when <c>NETIDENTITY_TEST_POSTGRES</c>
/// names a server (a fresh database, dropped at the end); under <c>CI=true</c> it must. Outside CI
/// it falls back to SQLite and says so in every test's output.
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "netid-e2e-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
    private SandboxProcess? sandbox;
    private PostgresDatabase? postgres;

    public Uri Mock => Sandbox.Mock;

    public Uri Broker => Sandbox.Broker;

    public Uri Platform => Sandbox.Platform;

    /// <summary>The demo forum's redirect URI, which the sandbox registers for the platform's port.</summary>
    public Uri PlatformRedirectUri => new(Platform, "signin-oidc");

    /// <summary>
    /// The demo forum's client id (src/NetIdentity.Broker/appsettings.Development.json). The sandbox
    /// registers it on FAPI 2.0 with a key of its own making: the forum logs in with PAR,
    /// <c>private_key_jwt</c> and DPoP (src/NetIdentity.Sandbox/ChildSpec.cs).
    /// </summary>
    public static string ClientId => "demo-forum";

    /// <summary>
    /// The secret-based platform the sandbox registers for scripts and independent clients, with
    /// the forum's redirect URI: what the tests use when they act as a platform themselves.
    /// </summary>
    public static string ScriptClientId => "sandbox-script";

    public static string ScriptClientSecret => "sandbox-script-development-secret-0123456789";

    /// <summary>Which database the broker uses, in words, and why when it is not PostgreSQL.</summary>
    public string DatabaseNote { get; private set; } = "";

    /// <summary>The broker's PostgreSQL database, or null when it runs on SQLite.</summary>
    internal PostgresDatabase? Postgres => postgres;

    /// <summary>The broker's SQLite database file (when not on PostgreSQL).</summary>
    public string SqlitePath => Path.Combine(dataDir, "netidentity.db");

    /// <summary>Everything the sandbox and its three services printed so far.</summary>
    public string Output => Sandbox.Output;

    internal IReadOnlyList<int> ProcessIds => Sandbox.ProcessIds;

    /// <summary>
    /// Waits until the sandbox has printed <paramref name="text"/>, for at most
    /// <paramref name="timeout"/>; false if it has not. A service logs what it did after doing it,
    /// through its logger's queue, and the line reaches the tests through two pipes (service, then
    /// sandbox): what a page already shows may not be in <see cref="Output"/> yet.
    /// </summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTimeOffset.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(100, cancellationToken);
        }

        return true;
    }

    private SandboxProcess Sandbox => sandbox ?? throw new InvalidOperationException("The sandbox has not started.");

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var server = Environment.GetEnvironmentVariable(PostgresDatabase.Variable);
        if (string.IsNullOrWhiteSpace(server))
        {
            RequireOutsideCi($"{PostgresDatabase.Variable} is not set");
            DatabaseNote = $"Broker database: SQLite in {dataDir}, because {PostgresDatabase.Variable} is not set "
                + "(set it, e.g. to Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres, to run the broker on PostgreSQL).";
        }
        else
        {
            var (database, problem) = await PostgresDatabase.TryCreateAsync(server, cancellationToken);
            if (database is null)
            {
                RequireOutsideCi($"{PostgresDatabase.Variable} names a server the tests cannot use ({problem})");
                DatabaseNote = $"Broker database: SQLite in {dataDir}, because the PostgreSQL server of {PostgresDatabase.Variable} cannot be used: {problem}";
            }
            else
            {
                postgres = database;
                DatabaseNote = $"Broker database: PostgreSQL, database {database.Name} (dropped at the end).";
            }
        }

        try
        {
            Directory.CreateDirectory(dataDir);
            sandbox = await SandboxProcess.StartAsync(dataDir, postgres?.ConnectionString, StartTimeout, cancellationToken);
            var expected = postgres is null ? "Applying migrations to the Sqlite database" : "Applying migrations to the PostgreSql database";
            if (!sandbox.Output.Contains(expected, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The broker did not say \"{expected}\": is it on the database it was given?\n{sandbox.Output}");
            }
        }
        catch
        {
            // Leave nothing behind, whether or not the runner disposes a fixture that failed to start.
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (sandbox is not null)
        {
            await sandbox.DisposeAsync();
            SaveLog(sandbox.TimedOutput);
            sandbox = null;
        }

        if (postgres is not null)
        {
            await postgres.DisposeAsync();
            postgres = null;
        }

        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Never created.
        }
    }

    /// <summary>Writes the note on the broker's database into the current test's output.</summary>
    public void WriteDatabaseNote() => TestContext.Current.TestOutputHelper?.WriteLine(DatabaseNote);

    private static void RequireOutsideCi(string problem)
    {
        if (TestEnvironment.IsCi)
        {
            throw new InvalidOperationException(
                $"CI=true: the end-to-end tests must run the broker on PostgreSQL, but {problem}. "
                + $"Set {PostgresDatabase.Variable}, e.g. Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres.");
        }
    }

    /// <summary>The sandbox's whole output, each line timed, kept for after the run: artifacts/e2e-logs/sandbox.log.</summary>
    private static void SaveLog(string output)
    {
        var directory = TestEnvironment.RepositoryPath("artifacts", "e2e-logs");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "sandbox.log"), output);
    }
}
