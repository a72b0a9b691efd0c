using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace GcTool.Store.Sqlite;

/// <summary>
/// One statement prepared once and executed for many rows inside a transaction: the bulk-write
/// path of a scan commit (tens of thousands of rows), where per-row command setup would dominate.
/// </summary>
/// <remarks>
/// Values bind by position to the parameter names given at construction; null binds SQL NULL. The statement
/// is SQLite's own (through SQLitePCL, which Microsoft.Data.Sqlite is built on), prepared and bound by index:
/// a <see cref="SqliteCommand"/> looks each parameter up by name and walks its statement list on every
/// execution, which was a third of a cold scan's commit (120,000 reference rows at 1×). It runs in the
/// connection's open transaction, as every statement of that connection does; failures are raised as the
/// <see cref="SqliteException"/> a command would raise, so error handling is unchanged.
/// </remarks>
internal sealed class PreparedCommand : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;
    private readonly int[] _indexes;

    public PreparedCommand(SqliteTransaction transaction, string sql, params string[] parameterNames)
    {
        _database = transaction.Connection!.Handle!;
        var rc = raw.sqlite3_prepare_v2(_database, sql, out _statement, out var rest);
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _database);
        if (!string.IsNullOrWhiteSpace(rest))
        {
            _statement.Dispose();
            throw new ArgumentException("a prepared command is one statement", nameof(sql));
        }
        _indexes = new int[parameterNames.Length];
        for (var i = 0; i < parameterNames.Length; i++)
        {
            _indexes[i] = raw.sqlite3_bind_parameter_index(_statement, parameterNames[i]);
            if (_indexes[i] <= 0)
            {
                _statement.Dispose();
                throw new ArgumentException($"the statement has no parameter {parameterNames[i]}", nameof(parameterNames));
            }
        }
    }

    /// <summary>Runs the statement; returns the number of rows changed.</summary>
    public int Execute(params object?[] values)
    {
        Bind(values);
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW) { }
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _database);
            return raw.sqlite3_changes(_database);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Runs the statement; returns the first column of the first row (e.g. a RETURNING id), null for none or NULL.</summary>
    public object? Scalar(params object?[] values)
    {
        Bind(values);
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc == raw.SQLITE_DONE) return null;
            if (rc != raw.SQLITE_ROW) SqliteException.ThrowExceptionForRC(rc, _database);
            object? first = raw.sqlite3_column_type(_statement, 0) switch
            {
                raw.SQLITE_INTEGER => raw.sqlite3_column_int64(_statement, 0),
                raw.SQLITE_FLOAT => raw.sqlite3_column_double(_statement, 0),
                raw.SQLITE_TEXT => raw.sqlite3_column_text(_statement, 0).utf8_to_string(),
                raw.SQLITE_BLOB => raw.sqlite3_column_blob(_statement, 0).ToArray(),
                _ => null,
            };
            // Run it to the end, as a command does: an upsert's RETURNING yields its row before the statement is done.
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW) { }
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _database);
            return first;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    private void Bind(object?[] values)
    {
        if (values.Length != _indexes.Length)
            throw new ArgumentException($"expected {_indexes.Length} values, got {values.Length}", nameof(values));
        for (var i = 0; i < values.Length; i++)
        {
            var index = _indexes[i];
            var rc = values[i] switch
            {
                null or DBNull => raw.sqlite3_bind_null(_statement, index),
                long l => raw.sqlite3_bind_int64(_statement, index, l),
                int n => raw.sqlite3_bind_int64(_statement, index, n),
                bool b => raw.sqlite3_bind_int64(_statement, index, b ? 1 : 0),
                double d => raw.sqlite3_bind_double(_statement, index, d),
                string s => raw.sqlite3_bind_text(_statement, index, s),
                // SQLite binds a null pointer as NULL: an empty blob is a zero-length blob, as a command binds it.
                byte[] { Length: 0 } => raw.sqlite3_bind_zeroblob(_statement, index, 0),
                byte[] bytes => raw.sqlite3_bind_blob(_statement, index, bytes),
                var other => throw new ArgumentException($"cannot bind a {other.GetType().Name}", nameof(values)),
            };
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _database);
        }
    }

    public void Dispose() => _statement.Dispose();
}
