using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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

    public BrokerHost(Uri authority, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string? databaseDirectory = null)
    {
        _directory = databaseDirectory ?? Directory.CreateTempSubdirectory("netid-broker-").FullName;
        DatabasePath = Path.Combine(_directory, "broker.db");
        _settings = new Dictionary<string, string?>(TestPlatforms.All())
        {
            ["Authority:BaseAddress"] = authority.ToString(),
            ["Authority:AttemptTimeout"] = "00:00:02",
            ["Authority:TotalTimeout"] = "00:00:04",
            ["Authority:MaxRetries"] = "1",
            ["ConnectionStrings:NetIdentity"] = $"Data Source={DatabasePath}",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        _services = services;
    }

    public string DatabasePath { get; }

    public LogCapture Logs { get; } = new();

    /// <summary>A browser: keeps cookies, does not follow redirects, so each hop can be checked.</summary>
    public HttpClient CreateBrowser() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
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
