using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using NetIdentity.Broker.Events;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Core.Consent;
using NetIdentity.Data.IntegrationTests.Infrastructure;
using Npgsql;

namespace NetIdentity.Broker.IntegrationTests.Events;

/// <summary>
/// Several broker instances share one outbox (issue 11 §1): a withdrawal queued on any of them
/// reaches the platform once, because each event is claimed by one instance; an instance that
/// dies holding events delays them only until its lease runs out. Real brokers, with their real
/// dispatchers, pushing to a real receiver on 127.0.0.1.
/// </summary>
public sealed class OutboxInstancesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Push_FromTwoInstancesOnOnePostgreSqlDatabase_ReachesThePlatformOncePerEvent()
    {
        const int Events = 120;
        var server = await PostgresServer.RequireAsync();
        var database = "netid_outbox_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(server, $"CREATE DATABASE {database}");
        try
        {
            await using var receiver = await EventReceiver.StartAsync();
            receiver.Delay = TimeSpan.FromMilliseconds(100); // a batch takes a while: the other instance claims meanwhile
            var settings = new Dictionary<string, string?>
            {
                ["Database:Provider"] = "PostgreSql",
                ["ConnectionStrings:NetIdentity"] = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString,
            };
            await using var first = EventsBroker.Start(receiver.Endpoint, extra: settings);
            await using var second = EventsBroker.Start(receiver.Endpoint, extra: settings);
            Assert.NotEqual(Dispatcher(first).InstanceId, Dispatcher(second).InstanceId);

            // Queued on both instances at once, as withdrawals arrive through a load balancer.
            var jtis = await Task.WhenAll(Enumerable.Range(0, Events).Select(i =>
                (i % 2 == 0 ? first : second).WithdrawAsync(EventsBroker.Listening, $"pairwise-sub-{i}", ["netid.age"], $"consent-{i}")));

            Assert.True(await receiver.WaitForRequestsAsync(Events, TimeSpan.FromSeconds(60)), $"{receiver.Requests.Count} of {Events} events arrived.");
            var outbox = first.Services.GetRequiredService<IEventOutbox>();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while ((await outbox.ListAsync(new OutboxQuery(null, OutboxState.Delivered, 1000), Ct)).Count < Events && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, Ct);
            }

            await Task.Delay(EventsBroker.PollInterval * 5, Ct); // a second copy would have come by now
            var received = receiver.Requests.Select(r => new JsonWebToken(r.Body).Id).ToList();
            var twice = received.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(twice.Count == 0, $"{twice.Count} event(s) reached the platform more than once, e.g. {twice.FirstOrDefault()}.");
            Assert.Equal(jtis.Select(j => j!).Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
            Assert.Equal(Events, (await outbox.ListAsync(new OutboxQuery(null, OutboxState.Delivered, 1000), Ct)).Count);
            Assert.All([first, second], host => Assert.Contains(host.Logs.Lines, line => line.Contains("[5103]", StringComparison.Ordinal)));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    [Fact]
    public async Task Push_ClaimedByAnInstanceThatDied_IsDeliveredByAnotherOnceItsLeaseRunsOut()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var receiver = await EventReceiver.StartAsync(clock);
        await using var broker = EventsBroker.Start(receiver.Endpoint, clock: clock);
        var outbox = broker.Services.GetRequiredService<IEventOutbox>();
        var dueAt = clock.GetUtcNow().AddHours(1);
        var jti = SecurityEventToken.NewId();
        await outbox.EnqueueAsync(
            new OutboxMessage
            {
                Id = jti,
                ClientId = EventsBroker.Listening.ClientId,
                Endpoint = receiver.Endpoint,
                Payload = SecurityEventToken.ConsentWithdrawn(jti, EventsBroker.Issuer, EventsBroker.Listening.ClientId, clock.GetUtcNow(), "pairwise-sub-died", ["netid.age"], "consent-died"),
                CreatedAt = clock.GetUtcNow(),
                NextAttemptAt = dueAt,
            },
            Ct);

        // Another instance claims it when due, then dies before it sends or records anything.
        Assert.Single(await outbox.ClaimAsync("instance-that-died", dueAt, OutboxDispatcher.Lease, 10, Ct));
        clock.Advance(TimeSpan.FromHours(1));
        await Task.Delay(EventsBroker.PollInterval * 5, Ct);
        var whileLeased = await broker.OutboxMessageAsync(jti);

        clock.Advance(OutboxDispatcher.Lease);
        var delivered = await broker.WaitForAsync(jti, m => m.DeliveredAt is not null, TimeSpan.FromSeconds(10));

        Assert.Equal("instance-that-died", whileLeased.LeaseOwner);
        Assert.Null(whileLeased.DeliveredAt);
        Assert.Equal(OutboxState.Delivered, delivered.State);
        Assert.Null(delivered.LeaseOwner);
        var push = Assert.Single(receiver.Requests);
        Assert.Equal(jti, new JsonWebToken(push.Body).Id);
    }

    private static OutboxDispatcher Dispatcher(BrokerHost host) =>
        host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<OutboxDispatcher>().Single();

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
