namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>
/// One mock authority for a test class whose tests each start their own broker (a fresh
/// database: what one test consented to does not leak into the next). The class never moves the
/// mock's clock or injects faults, so its tests may share it.
/// </summary>
public sealed class MockAuthorityFixture : IAsyncLifetime
{
    private MockAuthority? _mock;

    internal MockAuthority Mock => _mock ?? throw new InvalidOperationException("Not started.");

    /// <summary>A broker of its own on a fresh database, started, pointed at this mock.</summary>
    internal BrokerHost StartBroker(Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null, IDictionary<string, string?>? settings = null, string? databaseDirectory = null)
    {
        var broker = new BrokerHost(Mock.Address, settings, services, databaseDirectory);
        _ = broker.Server; // start now: migrations, keys, platform sync
        return broker;
    }

    internal LoginDriver NewDriver(BrokerHost broker) => new(broker.CreateBrowser(), Mock);

    public async ValueTask InitializeAsync() => _mock = await MockAuthority.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_mock is not null)
        {
            await _mock.DisposeAsync();
        }
    }
}
