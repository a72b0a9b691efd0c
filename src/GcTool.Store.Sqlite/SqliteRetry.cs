using System.Diagnostics;
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
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(500);

    public T Run<T>(Func<T> work)
    {
        var clock = Stopwatch.StartNew();
        var delay = FirstDelay;
        while (true)
        {
            try
            {
                return work();
            }
            catch (SqliteException e) when (SqliteErrors.IsBusy(e))
            {
                if (clock.Elapsed + delay > budget) throw SqliteErrors.StayedBusy(databasePath, clock.Elapsed, e);
                Thread.Sleep(delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)delay.TotalMilliseconds + 1)));
                delay = delay * 2 < MaxDelay ? delay * 2 : MaxDelay;
            }
        }
    }
}
