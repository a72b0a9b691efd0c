using Microsoft.Data.Sqlite;

namespace GcTool.Store.Sqlite;

/// <summary>
/// One statement prepared once and executed for many rows inside a transaction: the bulk-write
/// path of a scan commit (tens of thousands of rows), where per-row command setup would dominate.
/// </summary>
/// <remarks>Values bind by position to the parameter names given at construction; null binds SQL NULL.</remarks>
internal sealed class PreparedCommand : IDisposable
{
    private readonly SqliteCommand command;
    private readonly SqliteParameter[] parameters;

    public PreparedCommand(SqliteTransaction transaction, string sql, params string[] parameterNames)
    {
        command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        parameters = new SqliteParameter[parameterNames.Length];
        for (var i = 0; i < parameterNames.Length; i++)
            parameters[i] = command.Parameters.Add(new SqliteParameter(parameterNames[i], DBNull.Value));
        command.Prepare();
    }

    /// <summary>Runs the statement; returns the number of rows changed.</summary>
    public int Execute(params object?[] values)
    {
        Bind(values);
        return command.ExecuteNonQuery();
    }

    /// <summary>Runs the statement; returns the first column of the first row (e.g. a RETURNING id).</summary>
    public object? Scalar(params object?[] values)
    {
        Bind(values);
        return command.ExecuteScalar();
    }

    private void Bind(object?[] values)
    {
        if (values.Length != parameters.Length)
            throw new ArgumentException($"expected {parameters.Length} values, got {values.Length}", nameof(values));
        for (var i = 0; i < values.Length; i++) parameters[i].Value = values[i] ?? DBNull.Value;
    }

    public void Dispose() => command.Dispose();
}
