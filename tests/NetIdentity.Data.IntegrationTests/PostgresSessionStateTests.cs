using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Core.Audit;
using NetIdentity.Core.Consent;
using NetIdentity.Core.Login;
using NetIdentity.Data.IntegrationTests.Infrastructure;

namespace NetIdentity.Data.IntegrationTests;

/// <summary>
/// The broker hands a pooled PostgreSQL connection out again without Npgsql's reset
/// (<see cref="NetIdentityDatabaseSettings.DefaultNoResetOnClose"/>), which is safe only while
/// none of its statements leaves anything on the session for the next user of the connection:
/// a setting, a session-level lock, a listener, an open cursor, a temporary table, another role.
/// This runs the stores whose statements are written by hand (the shared counters, the login
/// states, the event outbox's claim, the authentication log's chained append) on a pool of one
/// connection, then looks at that session from the inside.
/// </summary>
public sealed class PostgresSessionStateTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheStoresStatements_LeaveNothingOnThePooledSession()
    {
        // Arrange: a pool of one connection, so every store below and the check share one session.
        await using var database = await TestDatabase.CreateAsync(TestDatabase.PostgreSql);
        var services = database.BuildServices(connectionString: database.ConnectionString + ";Maximum Pool Size=1");

        // Act
        await services.GetRequiredService<ISharedCounters>().IncrementAsync("session-check", TimeSpan.FromMinutes(15), Noon, Cancel);

        var states = services.GetRequiredService<ILoginStates>();
        var login = new StoredLogin
        {
            Key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)),
            LoginId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
            ClientId = "platform-session-check",
            Version = 1,
            State = "Choosing",
            Payload = "protected-payload",
            CreatedAt = Noon,
            ExpiresAt = Noon.AddMinutes(10),
        };
        Assert.True(await states.CreateAsync(login, Cancel));
        Assert.True(await states.TryReplaceAsync(login.Key, 1, "Verified", "next", Cancel));
        Assert.True(await states.TryDeleteAsync(login.Key, 2, Cancel));

        var outbox = services.GetRequiredService<IEventOutbox>();
        await outbox.EnqueueAsync(ConsentData.Message(ConsentData.NewClientId(), ConsentData.Noon), Cancel);
        Assert.Single(await outbox.ClaimAsync("instance-1", ConsentData.Noon, TimeSpan.FromMinutes(1), 5, Cancel));

        var log = services.GetRequiredService<IAuthenticationLog>();
        Assert.True(await log.AppendVerifiedAsync(LogEntries.Verified(LogEntries.NewBizSeq()), Cancel));
        await log.AppendAsync(LogEntries.Failed(), Cancel);

        // Assert: the session as the next user of the connection would find it.
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerDbContext>();
        Assert.Empty(await Values(db, "SELECT name || '=' || setting AS \"Value\" FROM pg_settings WHERE source = 'session'"));
        Assert.Empty(await Values(db, "SELECT objid::text AS \"Value\" FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"));
        Assert.Empty(await Values(db, "SELECT pg_listening_channels() AS \"Value\""));
        // (The unnamed portal, '', is this query's own.)
        Assert.Empty(await Values(db, "SELECT name AS \"Value\" FROM pg_cursors WHERE name <> ''"));
        Assert.Empty(await Values(db, "SELECT relname::text AS \"Value\" FROM pg_class WHERE relnamespace = pg_my_temp_schema()"));
        Assert.Equal(["same"], await Values(db, "SELECT CASE WHEN current_user = session_user THEN 'same' ELSE current_user::text END AS \"Value\""));
    }

    private static Task<List<string>> Values(BrokerDbContext db, string sql) =>
        db.Database.SqlQueryRaw<string>(sql).ToListAsync(Cancel);
}
