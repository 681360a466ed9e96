using System.Globalization;
using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using Npgsql;
using NetIdentity.Bench.Driver.Sandbox;

namespace NetIdentity.ScaleOut.Tests;

/// <summary>
/// NetIdentity as docs/operations.md deploys it on several machines, here as processes on
/// 127.0.0.1: the mock authority, <see cref="InstanceCount"/> broker instances sharing one fresh
/// PostgreSQL database, and HAProxy in front with the repository's own configuration
/// (<c>deploy/haproxy/haproxy.cfg</c>: round-robin, no sticky sessions). The schema is migrated
/// once by <c>netidentity migrate</c> before any instance starts, as the runbook says.
/// Needs <c>NETIDENTITY_TEST_POSTGRES</c> and <c>haproxy</c>; without them the tests skip, except
/// under <c>CI=true</c>, where they fail.
/// </summary>
internal sealed class ScaleOutCluster : IAsyncDisposable
{
    public const int InstanceCount = 2;

    /// <summary>The platform the tests log in as, registered on every instance (a secret: the simple setup).</summary>
    public const string ClientId = "scale-out-platform";

    public const string ClientSecret = "scale-out-platform-secret-0123456789abcdef";

    private const string HaproxyPath = "/usr/sbin/haproxy";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly List<ServiceProcess> processes = [];
    private readonly string dataDir;
    private readonly string serverConnectionString;
    private readonly string databaseName;

    private readonly ClusterSettings settings;

    private ScaleOutCluster(string serverConnectionString, string databaseName, string dataDir, int[] ports, ClusterSettings settings)
    {
        Events = new EventReceiver();
        this.serverConnectionString = serverConnectionString;
        this.databaseName = databaseName;
        this.dataDir = dataDir;
        this.settings = settings;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = databaseName, Pooling = false }.ConnectionString;
        BrokerConnectionString = settings.PooledConnections
            ? new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = databaseName }.ConnectionString
            : ConnectionString;
        Mock = new Uri($"http://127.0.0.1:{Invariant(ports[0])}/");
        Balancer = new Uri($"http://127.0.0.1:{Invariant(ports[1])}/");
        Instances = [.. ports.Skip(2).Select(port => new Uri($"http://127.0.0.1:{Invariant(port)}/"))];
    }

    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string Configuration { get; } = Metadata("BuildConfiguration");

    public static bool IsCi { get; } = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public Uri Mock { get; }

    /// <summary>HAProxy: the broker's one public address, its issuer.</summary>
    public Uri Balancer { get; }

    /// <summary>Each instance's own address (for what a test must ask one instance directly).</summary>
    public IReadOnlyList<Uri> Instances { get; }

    /// <summary>HAProxy's name for instance <c>i</c> (deploy/haproxy/haproxy.cfg), as in <c>X-NetIdentity-Instance</c>.</summary>
    public static string InstanceName(int i) => "broker" + (i + 1).ToString(CultureInfo.InvariantCulture);

    public Uri RedirectUri { get; } = new("http://127.0.0.1:9/scale-out/callback");

    /// <summary>The test platform's security event endpoint.</summary>
    public EventReceiver Events { get; }

    /// <summary>The cluster's database, without pooling: for a test's own reads.</summary>
    public string ConnectionString { get; }

    /// <summary>What the instances and the CLI are given (<see cref="ClusterSettings.PooledConnections"/>).</summary>
    private string BrokerConnectionString { get; }

    private ServiceProcess[] BrokerProcesses { get; set; } = [];

    public string Output => string.Join('\n', processes.Select(p => p.Output));

    /// <summary>Starts the whole cluster, or skips (fails under CI) when PostgreSQL or HAProxy is missing.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="settings">What differs from the plain cluster: another PostgreSQL server, more configuration.</param>
    public static async Task<ScaleOutCluster> StartAsync(CancellationToken cancellationToken, ClusterSettings? settings = null)
    {
        settings ??= new ClusterSettings();
        var server = settings.Server ?? Environment.GetEnvironmentVariable("NETIDENTITY_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            SkipOrFail("NETIDENTITY_TEST_POSTGRES is not set: the instances share a PostgreSQL database.");
        }

        if (!File.Exists(HaproxyPath))
        {
            SkipOrFail($"{HaproxyPath} is missing (apt-get install haproxy): the instances are behind a real load balancer.");
        }

        var name = "netid_scale_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false, Timeout = 5 }.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var dataDir = Directory.CreateTempSubdirectory("netid-scale-").FullName;
        var cluster = new ScaleOutCluster(server!, name, dataDir, FreePorts.Take(2 + InstanceCount), settings);
        try
        {
            await cluster.StartProcessesAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>What instance <paramref name="index"/> has logged lately (the second logs JSON, see <see cref="StartProcessesAsync"/>).</summary>
    public IReadOnlyList<string> InstanceLog(int index) => BrokerProcesses[index].Lines;

    /// <summary>Kills instance <paramref name="index"/> like a crash: no graceful shutdown.</summary>
    public void Kill(int index) => BrokerProcesses[index].Kill();

    /// <summary>Whether instance <paramref name="index"/> is still the process started with the cluster.</summary>
    public bool IsRunning(int index) => !BrokerProcesses[index].HasExited;

    /// <summary>Runs <c>netidentity</c> (src/NetIdentity.Cli) against the cluster's database; its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> CliAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var cli = Built("src", "NetIdentity.Cli", "netidentity");
        var process = ServiceProcess.Start(
            "netidentity",
            ServiceProcess.Dotnet,
            [cli, .. arguments, "--content-root", BrokerFolder, "--environment", "Development"],
            RepositoryRoot,
            BrokerEnvironment(),
            ServiceStop.Kill);
        await using (process)
        {
            var exitCode = await process.WaitForExitAsync(TimeSpan.FromMinutes(1), cancellationToken);
            return (exitCode, process.Output);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(processes))
        {
            await process.DisposeAsync();
        }

        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(serverConnectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // Left behind on a test server; its name says what it was.
        }

        Events.Dispose();
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder; nothing in it is real data.
        }
    }

    private static string BrokerFolder => Path.Combine(RepositoryRoot, "src", "NetIdentity.Broker");

    private async Task StartProcessesAsync(CancellationToken cancellationToken)
    {
        var (exitCode, output) = await CliAsync(cancellationToken, "migrate");
        Assert.True(exitCode == 0, "netidentity migrate failed:\n" + output);

        var personas = Path.Combine(dataDir, "personas.json");
        var mockFolder = Path.Combine(RepositoryRoot, "mock-authority", "NetIdentity.MockAuthority");
        BenchPersonas.Write(Path.Combine(mockFolder, "personas.json"), personas, 20);
        processes.Add(ServiceProcess.Start(
            "mock",
            ServiceProcess.Dotnet,
            [Built("mock-authority", "NetIdentity.MockAuthority", "NetIdentity.MockAuthority"), "--urls", Mock.GetLeftPart(UriPartial.Authority)],
            mockFolder,
            new Dictionary<string, string>(Development)
            {
                ["MockAuthority__PublicBaseUrl"] = Mock.ToString(),
                ["MockAuthority__PersonasPath"] = personas,
            },
            ServiceStop.Kill));
        await WaitUntilAsync(new Uri(Mock, "healthz"), processes[^1], cancellationToken);

        // One after the other: each instance registers the platforms at start-up.
        var brokers = new List<ServiceProcess>();
        for (var i = 0; i < InstanceCount; i++)
        {
            // The second instance logs JSON lines (docs/operations.md, "Logs"), as a log shipper wants them.
            var environment = BrokerEnvironment();
            if (i == 1)
            {
                environment["Logging__Console__FormatterName"] = "json";
                environment.Remove("Logging__Console__FormatterOptions__SingleLine");
                environment["Logging__Console__FormatterOptions__JsonWriterOptions__Indented"] = "false";
            }

            var broker = ServiceProcess.Start(
                InstanceName(i),
                ServiceProcess.Dotnet,
                [Built("src", "NetIdentity.Broker", "NetIdentity.Broker"), "--urls", Instances[i].GetLeftPart(UriPartial.Authority)],
                BrokerFolder,
                environment,
                ServiceStop.Kill);
            processes.Add(broker);
            brokers.Add(broker);
            await WaitUntilAsync(new Uri(Instances[i], "healthz/ready"), broker, cancellationToken);
        }

        BrokerProcesses = [.. brokers];
        var haproxy = ServiceProcess.Start(
            "haproxy",
            HaproxyPath,
            ["-db", "-f", Path.Combine(RepositoryRoot, "deploy", "haproxy", "haproxy.cfg")],
            dataDir,
            new Dictionary<string, string>
            {
                ["NETID_LB_BIND"] = Balancer.GetLeftPart(UriPartial.Authority)["http://".Length..],
                ["NETID_BROKER1"] = Instances[0].GetLeftPart(UriPartial.Authority)["http://".Length..],
                ["NETID_BROKER2"] = Instances[1].GetLeftPart(UriPartial.Authority)["http://".Length..],
            },
            ServiceStop.Kill);
        processes.Add(haproxy);
        await WaitUntilAsync(new Uri(Balancer, "healthz/ready"), haproxy, cancellationToken);
    }

    private static readonly Dictionary<string, string> Development = new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["DOTNET_ENVIRONMENT"] = "Development",
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
    };

    /// <summary>What every instance (and the CLI) is given: the same database, issuer, keys and platforms.</summary>
    private Dictionary<string, string> BrokerEnvironment()
    {
        var environment = BaseBrokerEnvironment();
        foreach (var (key, value) in settings.BrokerEnvironment)
        {
            environment[key] = value;
        }

        return environment;
    }

    private Dictionary<string, string> BaseBrokerEnvironment() => new(Development)
    {
        ["Authority__BaseAddress"] = Mock.ToString(),
        ["Database__Provider"] = "PostgreSql",
        ["ConnectionStrings__NetIdentity"] = BrokerConnectionString,
        ["Broker__Issuer"] = Balancer.ToString(),
        ["Broker__TrustedProxies__0"] = "127.0.0.1",
        ["Broker__Keys__RefreshInterval"] = "00:00:00.500",

        // Both instances look for due events five times a second: a race, if there is one, shows.
        ["Broker__OutboxPollInterval"] = "00:00:00.200",

        // Every test login comes from 127.0.0.1: per-address limits would refuse the test, not an attacker.
        ["Broker__AddressLimits__SessionsPerAddress"] = "100000000",
        ["Broker__AddressLimits__PollsPerAddress"] = "100000000",
        ["Broker__OtherPath__AttemptsPerAddress"] = "100000000",

        ["Platforms__1__ClientId"] = ClientId,
        ["Platforms__1__ClientSecret"] = ClientSecret,
        ["Platforms__1__DisplayName__Zh"] = "扩展测试平台",
        ["Platforms__1__DisplayName__En"] = "Scale-out test platform",
        ["Platforms__1__RedirectUris__0"] = RedirectUri.ToString(),
        ["Platforms__1__Scopes__0"] = "openid",
        ["Platforms__1__Scopes__1"] = "netid",
        ["Platforms__1__Scopes__2"] = "netid.age",
        ["Platforms__1__Purpose__Zh"] = "验证年龄段以提供适龄服务",
        ["Platforms__1__Purpose__En"] = "to check the age band and offer age-appropriate service",
        ["Platforms__1__BackChannelEventUri"] = Events.Endpoint.ToString(),
    };

    private static async Task WaitUntilAsync(Uri health, ServiceProcess process, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{health} never answered: the process exited.\n{process.Output}");
            }

            try
            {
                using var answer = await http.GetAsync(health, cancellationToken);
                if (answer.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow to answer while starting.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"{health} did not answer 200 within {StartTimeout}.\n{process.Output}");
    }

    private static string Built(string folder, string project, string assembly)
    {
        var dll = Path.Combine(RepositoryRoot, folder, project, "bin", Configuration, "net10.0", assembly + ".dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build the solution first.");
    }

    /// <summary>Skips the test for <paramref name="reason"/>, or fails it under <c>CI=true</c>, where nothing may be missing.</summary>
    public static void SkipOrFail(string reason)
    {
        if (IsCi)
        {
            Assert.Fail(reason + " CI=true, so this fails instead of skipping.");
        }

        Assert.Skip(reason);
    }

    private static string Metadata(string key) =>
        typeof(ScaleOutCluster).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>How a test's cluster differs from the plain one.</summary>
internal sealed class ClusterSettings
{
    /// <summary>The PostgreSQL server (no database); <c>NETIDENTITY_TEST_POSTGRES</c> when null.</summary>
    public string? Server { get; init; }

    /// <summary>
    /// Whether the instances pool their connections, as in production (Npgsql's default): a
    /// restart of the server leaves broken connections in the pools. The plain cluster's do not pool.
    /// </summary>
    public bool PooledConnections { get; init; }

    /// <summary>Configuration added to, or replacing, what every instance is given.</summary>
    public IReadOnlyDictionary<string, string> BrokerEnvironment { get; init; } = new Dictionary<string, string>();
}
