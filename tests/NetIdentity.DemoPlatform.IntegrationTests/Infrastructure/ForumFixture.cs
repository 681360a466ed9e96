namespace NetIdentity.DemoPlatform.IntegrationTests.Infrastructure;

/// <summary>One fake broker and one forum for a test class; tests use their own subjects and jtis.</summary>
public sealed class ForumFixture : IAsyncLifetime
{
    private FakeBroker? _broker;
    private DemoPlatformHost? _forum;

    internal FakeBroker Broker => _broker ?? throw new InvalidOperationException("Not started.");

    internal DemoPlatformHost Forum => _forum ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        _broker = await FakeBroker.StartAsync();
        _forum = new DemoPlatformHost(_broker.Issuer);
        _ = _forum.Server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_forum is not null)
        {
            await _forum.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}
