using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace NetIdentity.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Reads, never writes, the database the sandbox's broker uses (SQLite or PostgreSQL), to check
/// what it keeps at rest.
/// </summary>
internal static class BrokerDatabase
{
    /// <summary>The authentication log entries of the authority session <paramref name="bizSeq"/>, column by column.</summary>
    public static async Task<List<Dictionary<string, string?>>> LogEntriesAsync(SandboxFixture sandbox, string bizSeq, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(sandbox, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM authentication_log WHERE biz_seq = @bizSeq";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "bizSeq";
        parameter.Value = bizSeq;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<Dictionary<string, string?>>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => Text(reader.GetValue(i)), StringComparer.Ordinal));
        }

        return rows;
    }

    /// <summary>
    /// The id, type and status of every token OpenIddict stored for <paramref name="clientId"/> and
    /// the pairwise <paramref name="subject"/> (or any subject when null): authorization codes,
    /// access tokens, ID tokens.
    /// </summary>
    public static async Task<List<(string Id, string Type, string Status)>> TokensAsync(SandboxFixture sandbox, string clientId, string? subject, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(sandbox, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT t."Id", t."Type", t."Status" FROM "OpenIddictTokens" t
            JOIN "OpenIddictApplications" a ON a."Id" = t."ApplicationId"
            WHERE a."ClientId" = @clientId AND (@subject = '' OR t."Subject" = @subject)
            """;
        foreach (var (name, value) in new[] { ("clientId", clientId), ("subject", subject ?? "") })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tokens = new List<(string, string, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tokens.Add((Text(reader.GetValue(0))!, reader.GetString(1), reader.GetString(2)));
        }

        return tokens;
    }

    /// <summary>Every value of every table as text (binary values decoded as UTF-8 too), one line per row.</summary>
    public static async Task<string> DumpAsync(SandboxFixture sandbox, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(sandbox, cancellationToken);
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = sandbox.Postgres is null
                ? "SELECT name FROM sqlite_master WHERE type = 'table'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'";
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
#pragma warning disable CA2100 // The table names come from the database's own catalogue.
            select.CommandText = $"SELECT * FROM \"{table}\"";
#pragma warning restore CA2100
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                dump.Append(table).Append(": ");
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    dump.Append(Text(reader.GetValue(i))).Append(" | ");
                }

                dump.AppendLine();
            }
        }

        return dump.ToString();
    }

    private static async Task<DbConnection> OpenAsync(SandboxFixture sandbox, CancellationToken cancellationToken)
    {
        if (sandbox.Postgres is { } postgres)
        {
            return await postgres.OpenAsync(cancellationToken);
        }

        var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sandbox.SqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        await sqlite.OpenAsync(cancellationToken);
        return sqlite;
    }

    private static string? Text(object value) => value switch
    {
        DBNull => null,
        byte[] bytes => Encoding.UTF8.GetString(bytes) + " 0x" + Convert.ToHexString(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
