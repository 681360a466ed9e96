namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>
/// One mock authority and one broker shared by the tests of the "broker" collection, which run
/// one after another (some move the mock's clock or inject faults).
/// </summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    private MockAuthority? _mock;
    private BrokerHost? _broker;

    internal MockAuthority Mock => _mock ?? throw new InvalidOperationException("Not started.");

    internal BrokerHost Broker => _broker ?? throw new InvalidOperationException("Not started.");

    internal LoginDriver NewDriver() => new(Broker.CreateBrowser(), Mock);

    public async ValueTask InitializeAsync()
    {
        _mock = await MockAuthority.StartAsync();
        _broker = new BrokerHost(_mock.Address);
        _ = _broker.Server; // start now: migrations, keys, platform sync
    }

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
            _broker.DeleteDatabase();
        }

        if (_mock is not null)
        {
            await _mock.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrokerCollectionDefinition : ICollectionFixture<BrokerFixture>
{
    public const string Name = "broker";
}
