using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace NetIdentity.Data;

/// <summary>
/// Recognises a failed insert that broke a primary key or unique index of one of our tables: the
/// signal that another request or instance got there first. Anything else is a real failure.
/// </summary>
internal static class UniqueViolation
{
    // https://www.sqlite.org/rescode.html: SQLITE_CONSTRAINT (19) extended as
    // SQLITE_CONSTRAINT_PRIMARYKEY (1555) for a text primary key, SQLITE_CONSTRAINT_UNIQUE (2067)
    // for a unique index.
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    public static bool IsOn(DbUpdateException exception, string table) => exception.InnerException switch
    {
        // PostgreSQL names the table of the violated constraint in the error (SQLSTATE 23505).
        PostgresException postgres =>
            postgres.SqlState == PostgresErrorCodes.UniqueViolation
            && string.Equals(postgres.TableName, table, StringComparison.Ordinal),

        // SQLite names it only in the message: "UNIQUE constraint failed: table.column, ...".
        SqliteException sqlite =>
            sqlite.SqliteErrorCode == SqliteConstraint
            && sqlite.SqliteExtendedErrorCode is SqliteConstraintPrimaryKey or SqliteConstraintUnique
            && sqlite.Message.Contains($" {table}.", StringComparison.Ordinal),

        _ => false,
    };
}
