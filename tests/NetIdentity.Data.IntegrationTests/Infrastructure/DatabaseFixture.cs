namespace NetIdentity.Data.IntegrationTests.Infrastructure;

/// <summary>
/// One migrated database per provider for a test class, made on first use and dropped after the
/// class. Tests sharing it keep apart by writing through their own log instance (own chain) or
/// their own ids.
/// </summary>
public sealed class DatabaseFixture : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, TestDatabase> _databases = [];

    internal async Task<TestDatabase> GetAsync(string provider)
    {
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (!_databases.TryGetValue(provider, out var database))
            {
                database = await TestDatabase.CreateAsync(provider);
                _databases.Add(provider, database);
            }

            return database;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases.Values)
        {
            await database.DisposeAsync();
        }

        _gate.Dispose();
    }
}
