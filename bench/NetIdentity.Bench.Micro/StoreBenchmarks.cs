using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Login;

namespace NetIdentity.Bench.Micro;

/// <summary>
/// The login store's compare-and-set on SQLite (EfLoginStates through the broker's own data
/// registration and migrations, in a temporary file): one state write that succeeds, as each
/// step of a login performs it.
/// </summary>
[MemoryDiagnoser]
public class StoreBenchmarks
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "netid-micro-" + Guid.NewGuid().ToString("N")[..8]);
    private ServiceProvider services = null!;
    private ILoginStates states = null!;
    private long version;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Directory.CreateDirectory(folder);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:NetIdentity"] = "Data Source=" + Path.Combine(folder, "netidentity.db"),
        }).Build();
        services = new ServiceCollection().AddNetIdentityData(configuration).BuildServiceProvider();
        await services.MigrateNetIdentityDatabaseAsync();
        states = services.GetRequiredService<ILoginStates>();
        await states.CreateAsync(new StoredLogin
        {
            Key = "bench-login",
            LoginId = "AAAAAAAAAAAAAAAAAAAAAA",
            ClientId = "demo-forum",
            Version = 0,
            State = "AwaitingApp",
            Payload = new string('p', 1200),
            CreatedAt = Fixtures.Now,
            ExpiresAt = Fixtures.Now.AddYears(10),
        }, CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Benchmark]
    public async Task<bool> CompareAndSet()
    {
        // Each write expects the version the last one made: a refused write would measure the wrong thing.
        var replaced = await states.TryReplaceAsync("bench-login", version, "AwaitingApp", new string('q', 1200), CancellationToken.None);
        version++;
        return replaced ? replaced : throw new InvalidOperationException("The compare-and-set was refused: the benchmark lost track of the version.");
    }
}
