using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NetIdentity.Broker.Audit;
using NetIdentity.Broker.IntegrationTests.Infrastructure;
using NetIdentity.Core.Audit;

namespace NetIdentity.Broker.IntegrationTests.Audit;

/// <summary>
/// Issue 9 §8: the running broker signs its chain's head every <c>Broker:Audit:CheckpointInterval</c>
/// and once more, final, when it shuts down gracefully, with the organisation key.
/// </summary>
public sealed class AuditCheckpointHostingTests(MockAuthorityFixture hosts) : IClassFixture<MockAuthorityFixture>
{
    [Fact]
    public async Task Shutdown_AfterALogin_SignsAFinalCheckpointOfTheChainsLastEntry()
    {
        var folder = Directory.CreateTempSubdirectory("netid-audit-").FullName;
        try
        {
            AuditKeys keys;
            string databasePath;
            await using (var broker = hosts.StartBroker(databaseDirectory: folder))
            {
                await hosts.NewDriver(broker).LoginAsync(new AuthorizationRequest(TestPlatforms.A));
                keys = broker.Services.GetRequiredService<AuditKeys>();
                databasePath = broker.DatabasePath;
            }

            var checkpoints = await CheckpointsAsync(databasePath);
            var checkpoint = Assert.Single(checkpoints);
            var (position, hash) = await ChainHeadAsync(databasePath, checkpoint.ChainId);
            Assert.True(checkpoint.Final);
            Assert.Equal((position, hash), (checkpoint.Position, checkpoint.HeadHash));
            Assert.Equal(keys.Signing.KeyId, checkpoint.KeyId);
            Assert.True(checkpoint.IsSignedBy(keys.Signing.PublicKey));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Running_WithAOneSecondInterval_SignsTheHeadOnceItAdvanced()
    {
        await using var broker = hosts.StartBroker(settings: new Dictionary<string, string?> { ["Broker:Audit:CheckpointInterval"] = "00:00:01" });
        await hosts.NewDriver(broker).LoginAsync(new AuthorizationRequest(TestPlatforms.A));

        IReadOnlyList<AuditCheckpoint> checkpoints = [];
        for (var waited = 0; waited < 100 && checkpoints.Count == 0; waited++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            checkpoints = await CheckpointsAsync(broker.DatabasePath);
        }

        var checkpoint = Assert.Single(checkpoints);
        Assert.False(checkpoint.Final);
        Assert.Equal((await ChainHeadAsync(broker.DatabasePath, checkpoint.ChainId)).Position, checkpoint.Position);
    }

    /// <summary>The checkpoints as stored, read from the SQLite file as an auditor would.</summary>
    private static async Task<IReadOnlyList<AuditCheckpoint>> CheckpointsAsync(string databasePath)
    {
        await using var connection = await OpenAsync(databasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence, chain_id, position, head_hash, time, final, previous_hash, key_id, signature FROM audit_checkpoints ORDER BY sequence";
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var checkpoints = new List<AuditCheckpoint>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            checkpoints.Add(new AuditCheckpoint
            {
                Sequence = reader.GetInt64(0),
                ChainId = reader.GetString(1),
                Position = reader.GetInt64(2),
                HeadHash = reader.GetString(3),
                Time = new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
                Final = reader.GetBoolean(5),
                PreviousCheckpointHash = reader.GetString(6),
                KeyId = reader.GetString(7),
                Signature = (byte[])reader.GetValue(8),
            });
        }

        return checkpoints;
    }

    private static async Task<(long Position, string Hash)> ChainHeadAsync(string databasePath, string chainId)
    {
        await using var connection = await OpenAsync(databasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT position, hash FROM authentication_log WHERE chain_id = $chain ORDER BY position DESC LIMIT 1";
        command.Parameters.AddWithValue("$chain", chainId);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
        return (reader.GetInt64(0), reader.GetString(1));
    }

    private static async Task<SqliteConnection> OpenAsync(string databasePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }
}
