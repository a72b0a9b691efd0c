using GcTool.Store.Sql;
using Microsoft.Data.Sqlite;

namespace GcTool.Store.Sqlite;

/// <summary>
/// Re-runs a unit of work (a whole transaction) while the database is busy.
/// </summary>
/// <remarks>
/// Several gctool processes share one database (a nightly gc and an interactive audit, say). Each
/// statement already waits in SQLite's busy handler (<see cref="SqliteConnectionFactory.BusyTimeout"/>),
/// but some busy results are returned without waiting (a WAL reader racing a checkpoint, a
/// connection opening while another switches the journal mode). Those are retried here with a
/// short randomized back-off; only when the database stays locked past the budget (<see cref="DefaultBudget"/>) does
/// the user see an error, and then as a <see cref="Core.Errors.GcToolException"/>, never a crash.
/// The work passed in must be safe to re-run: it is one transaction, rolled back on failure.
/// </remarks>
internal sealed class SqliteRetry(string databasePath, TimeSpan budget)
{
    /// <summary>How long a unit of work is retried in all, on top of SQLite's own per-statement wait.</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromMinutes(2);

    public SqliteRetry(string databasePath) : this(databasePath, DefaultBudget) { }

    public T Run<T>(Func<T> work) => TransientRetry.Run(work,
        e => e is SqliteException s && SqliteErrors.IsBusy(s), budget, TimeSpan.FromMilliseconds(10),
        (waited, e) => SqliteErrors.StayedBusy(databasePath, waited, (SqliteException)e));
}
