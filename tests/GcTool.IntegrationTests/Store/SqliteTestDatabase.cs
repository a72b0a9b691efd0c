using Microsoft.Data.Sqlite;

namespace GcTool.IntegrationTests.Store;

/// <summary>
/// Direct access to a database file, for tests that must see or set what the store hides:
/// <c>user_version</c>, the journal mode, a lock held by "another process".
/// </summary>
internal static class SqliteTestDatabase
{
    public static SqliteConnection Connect(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public static long Scalar(string path, string sql)
    {
        using var connection = Connect(path);
        return Scalar(connection, sql);
    }

    public static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    public static string Text(string path, string sql)
    {
        using var connection = Connect(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar()) ?? "";
    }

    public static void Execute(string path, string sql)
    {
        using var connection = Connect(path);
        Execute(connection, sql);
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static long UserVersion(string path) => Scalar(path, "PRAGMA user_version");

    /// <summary>Names of the tables, indexes and triggers, to compare schemas.</summary>
    public static string SchemaObjects(string path) =>
        Text(path, "SELECT group_concat(type || ' ' || name || ' ' || coalesce(sql, ''), char(10)) FROM (SELECT * FROM sqlite_schema ORDER BY name)");
}
