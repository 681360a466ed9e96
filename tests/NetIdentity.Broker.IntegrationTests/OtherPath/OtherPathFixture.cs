using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.IntegrationTests.Infrastructure;

namespace NetIdentity.Broker.IntegrationTests.OtherPath;

/// <summary>
/// One mock authority and one broker for the other way's tests, which run one after another:
/// the mock's tester API answers with the <em>last</em> code sent to a phone, and the throttles
/// count per ID number, per address and per login. The shared broker's limits are set out of the
/// way (the limits have their own brokers, <see cref="StartBroker"/>).
/// </summary>
public sealed class OtherPathFixture : IAsyncLifetime
{
    /// <summary>Asks for the age band (<c>netid.age</c>), to see the band the other way gives.</summary>
    internal static readonly TestPlatform AgePlatform = new(
        "platform-other-age", "platform-other-age-secret-0123456789abcd", "https://other-age.example/callback", "other-age.example");

    /// <summary>Index 20: clear of the indexes of TestPlatforms and of other test classes.</summary>
    private const int AgePlatformIndex = 20;

    private Infrastructure.MockAuthority? _mock;
    private BrokerHost? _broker;

    internal Infrastructure.MockAuthority Mock => _mock ?? throw new InvalidOperationException("Not started.");

    internal BrokerHost Broker => _broker ?? throw new InvalidOperationException("Not started.");

    internal OtherPathDriver NewDriver() => new(Broker.CreateBrowser(), Mock);

    internal OtherPathDriver NewDriver(BrokerHost broker) => new(broker.CreateBrowser(), Mock);

    /// <summary>
    /// A broker of its own on a fresh database, started, pointed at this mock: with the shared
    /// broker's settings, then <paramref name="settings"/> on top. The caller disposes it.
    /// A second instance on another broker's database: pass that broker's <c>DatabaseDirectory</c>.
    /// </summary>
    internal BrokerHost StartBroker(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string? databaseDirectory = null) =>
        Start(Mock, settings, services, databaseDirectory);

    private static BrokerHost Start(
        Infrastructure.MockAuthority mock, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string? databaseDirectory = null)
    {
        var all = new Dictionary<string, string?>(Settings());
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var broker = new BrokerHost(mock.Address, all, services, databaseDirectory);
        _ = broker.Server; // start now: migrations, keys, platform sync
        return broker;
    }

    public async ValueTask InitializeAsync()
    {
        _mock = await Infrastructure.MockAuthority.StartAsync();
        _broker = Start(_mock);
    }

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        if (_mock is not null)
        {
            await _mock.DisposeAsync();
        }
    }

    /// <summary>The age platform; limits no functional test reaches, and short growing delays.</summary>
    private static Dictionary<string, string?> Settings() => new(AgePlatform.Settings(AgePlatformIndex, "openid netid netid.age", new Dictionary<string, string>
    {
        ["Purpose:Zh"] = "按年龄提供服务",
        ["Purpose:En"] = "Age-appropriate service",
    }))
    {
        ["Broker:OtherPath:AttemptsPerIdNumber"] = "1000",
        ["Broker:OtherPath:AttemptsPerAddress"] = "1000",
        ["Broker:OtherPath:AttemptsPerLogin"] = "1000",
        ["Broker:OtherPath:MaximumDelay"] = "00:00:00.05",
    };
}

[CollectionDefinition(Name)]
public sealed class OtherPathCollectionDefinition : ICollectionFixture<OtherPathFixture>
{
    public const string Name = "other-path";
}
