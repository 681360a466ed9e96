using System.Globalization;
using Microsoft.Data.Sqlite;
using NetIdentity.Core.Consent;

namespace NetIdentity.Broker.IntegrationTests.Infrastructure;

/// <summary>One row of <c>consent_ledger</c>, the items as scope names and the decision by name.</summary>
internal sealed record LedgerEntry(
    string Id,
    DateTimeOffset Time,
    string PersonKey,
    string Subject,
    string ClientId,
    IReadOnlyList<string> Scopes,
    string PurposeVersion,
    string? LegalBasis,
    string? Retention,
    ConsentDecision Decision,
    string? Withdraws,
    string? Receipt);

/// <summary>One row of <c>login_states</c>.</summary>
internal sealed record LoginStateRow(string Key, string LoginId, string ClientId, long Version, string State, string Payload);

/// <summary>One row of <c>event_outbox</c>.</summary>
internal sealed record OutboxRow(string Id, string ClientId, string Endpoint, string Payload, int Attempts, DateTimeOffset? DeliveredAt);

/// <summary>
/// Reads the broker's consent tables straight from its SQLite file (read-only, unpooled), as an
/// auditor would: what was recorded, not what the broker's own code says it recorded.
/// </summary>
internal static class BrokerTables
{
    /// <summary>Every consent ledger entry, in the order written.</summary>
    public static async Task<IReadOnlyList<LedgerEntry>> ConsentLedgerAsync(this BrokerHost broker)
    {
        await using var connection = await OpenAsync(broker);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, time, person_key, subject, client_id, items, purpose_version, legal_basis, retention, decision, withdraws, receipt
            FROM consent_ledger ORDER BY rowid
            """;
        await using var reader = await command.ExecuteReaderAsync();
        var entries = new List<LedgerEntry>();
        while (await reader.ReadAsync())
        {
            entries.Add(new LedgerEntry(
                reader.GetString(0),
                new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                [.. reader.GetString(5).Split(',').Select(v => ConsentScopes.Of((ConsentItem)int.Parse(v, CultureInfo.InvariantCulture)))],
                reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                (ConsentDecision)reader.GetInt32(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11)));
        }

        return entries;
    }

    /// <summary>How many sealed identity deliveries wait (expired or not).</summary>
    public static async Task<long> IdentityDeliveryCountAsync(this BrokerHost broker)
    {
        await using var connection = await OpenAsync(broker);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM identity_deliveries";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Every back-channel event queued, in the order queued.</summary>
    public static async Task<IReadOnlyList<OutboxRow>> EventOutboxAsync(this BrokerHost broker)
    {
        await using var connection = await OpenAsync(broker);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, client_id, endpoint, payload, attempts, delivered_at FROM event_outbox ORDER BY rowid";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<OutboxRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new OutboxRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetInt32(4),
                reader.IsDBNull(5) ? null : new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero)));
        }

        return rows;
    }

    /// <summary>Every login under way, as the shared store holds it.</summary>
    public static async Task<IReadOnlyList<LoginStateRow>> LoginStatesAsync(this BrokerHost broker)
    {
        await using var connection = await OpenAsync(broker);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, login_id, client_id, version, state, payload FROM login_states ORDER BY rowid";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<LoginStateRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new LoginStateRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4), reader.GetString(5)));
        }

        return rows;
    }

    private static async Task<SqliteConnection> OpenAsync(BrokerHost broker)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = broker.DatabasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync();
        return connection;
    }
}
