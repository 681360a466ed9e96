using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace NetIdentity.Data.PostgreSql;

/// <summary>
/// Serialises whole migration runs on PostgreSQL. EF Core's own lock there (<c>LOCK TABLE
/// "__EFMigrationsHistory" IN ACCESS EXCLUSIVE MODE</c>) belongs to a migration's transaction:
/// EF commits after each migration and locks again for the next, but keeps the list of pending
/// migrations it read under the first lock. With two or more migrations pending, a second
/// instance that was waiting reads the history between the first one's migrations, and both
/// apply the later ones: one fails with "column … already exists" (EF Core 10.0, Npgsql 10.0).
/// </summary>
/// <remarks>
/// The run is wrapped in a transaction-scoped advisory lock (<c>pg_advisory_xact_lock</c>) held on
/// a connection of its own: the commit releases it, and so does the server when the process dies
/// and its connection drops, so it can never be left behind. An instance that waited finds
/// nothing left to apply.
/// </remarks>
internal static class PostgresMigrationLock
{
    /// <summary>"NIDMIGRT" in ASCII: any fixed number every instance agrees on.</summary>
    private const long Key = 0x4E49444D49475254;

    public static async Task MigrateAsync(BrokerDbContext db, string connectionString, CancellationToken cancellationToken)
    {
        // Migrate creates a missing database; the lock needs it first, since it is taken inside it.
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Another instance created it first.
            }
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            command.Parameters.AddWithValue("key", Key);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
