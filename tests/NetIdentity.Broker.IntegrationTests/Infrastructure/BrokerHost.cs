using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NetIdentity.Data;
using NetIdentity.Data.Audit;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>
/// The real broker in process (its own Program, appsettings and pipeline) on a fresh SQLite
/// file, pointed at a real mock authority, with the test platforms declared.
/// </summary>
internal sealed class BrokerHost : WebApplicationFactory<NetIdentity.Broker.Hosting.BrokerOptions>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly string _directory;
    private readonly string _environment;
    private readonly bool _ownsDirectory;
    private readonly string? _jsonFile;

    public BrokerHost(
        Uri authority,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        string? databaseDirectory = null,
        string environment = "Development",
        string? jsonFile = null)
    {
        _jsonFile = jsonFile;
        _ownsDirectory = databaseDirectory is null;
        _directory = databaseDirectory ?? Directory.CreateTempSubdirectory("netid-broker-").FullName;
        _environment = environment;
        DatabasePath = Path.Combine(_directory, "broker.db");
        _settings = new Dictionary<string, string?>(TestPlatforms.All())
        {
            ["Authority:BaseAddress"] = authority.ToString(),
            ["Authority:AttemptTimeout"] = "00:00:02",
            ["Authority:TotalTimeout"] = "00:00:04",
            ["Authority:MaxRetries"] = "1",
            ["ConnectionStrings:NetIdentity"] = $"Data Source={DatabasePath}",

            // Every test request comes from the one in-memory client; the per-address limits of
            // the 网号/网证 path have their own tests (OtherPath/ClientAddressLimitTests).
            ["Broker:AddressLimits:SessionsPerAddress"] = "100000",
            ["Broker:AddressLimits:PollsPerAddress"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        _services = services;
    }

    public string DatabasePath { get; }

    /// <summary>The folder of the SQLite file, to start another instance on the same database.</summary>
    public string DatabaseDirectory => _directory;

    public LogCapture Logs { get; } = new();

    /// <summary>A browser: keeps cookies, does not follow redirects, so each hop can be checked.</summary>
    public HttpClient CreateBrowser() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A browser whose cookie jar the test holds, to save and restore cookies.</summary>
    public HttpClient CreateBrowser(CookieContainer cookies) => CreateDefaultClient(new CookieContainerHandler(cookies));

    /// <summary>The authentication log, oldest row first (PRODUCT rule 6).</summary>
    public async Task<IReadOnlyList<AuthenticationLogRecord>> AuthenticationLogAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        return await db.AuthenticationLog.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
    }

    /// <summary>The most recent authentication log row.</summary>
    public async Task<AuthenticationLogRecord> LatestLogEntryAsync() => (await AuthenticationLogAsync())[^1];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment(_environment);

        // Host settings reach Program.cs before builder.Build() (WebApplicationFactory passes them
        // as command-line arguments), so configuration the broker reads while registering
        // services — the connection string, Broker:RequireHttps — is the test's. Settings added
        // with ConfigureAppConfiguration arrive only at Build(): the database would silently be
        // appsettings' netidentity.db in the source tree.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_jsonFile is not null)
        {
            // An operator's appsettings file: arrives at Build(), read by validators, not by service registration.
            builder.ConfigureAppConfiguration(configuration => configuration.AddJsonFile(_jsonFile));
        }

        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            // A database folder this host made is its own; one it was given belongs to another host.
            if (_ownsDirectory)
            {
                DeleteDatabase();
            }
        }
    }

    public void DeleteDatabase()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}
