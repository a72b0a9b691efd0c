using GcTool.Core.Errors;
using GcTool.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace GcTool.IntegrationTests.Store;

public sealed class SqliteRetryTests
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteConstraint = 19;

    [Theory]
    [InlineData(SqliteBusy)]
    [InlineData(SqliteLocked)]
    [InlineData(SqliteBusy | (2 << 8))] // SQLITE_BUSY_SNAPSHOT: returned without waiting in the busy handler
    public void Run_RetriesBusyWork_UntilItSucceeds(int code)
    {
        var attempts = 0;

        var result = new SqliteRetry("/db", TimeSpan.FromSeconds(10)).Run(() =>
            ++attempts < 3 ? throw new SqliteException("database is locked", code) : "done");

        Assert.Equal(("done", 3), (result, attempts));
    }

    [Fact]
    public void Run_GivesClearError_WhenDatabaseStaysBusyPastBudget()
    {
        var retry = new SqliteRetry("/state/gctool.db", TimeSpan.FromMilliseconds(100));

        var error = Assert.Throws<GcToolException>(() => retry.Run<int>(() => throw new SqliteException("SQLite Error 5: 'database is locked'.", SqliteBusy)));

        Assert.Equal(ExitCode.Failure, error.ExitCode);
        Assert.StartsWith("database /state/gctool.db stayed locked by another process", error.Message);
        Assert.Contains("(database is locked)", error.Message);
    }

    [Fact]
    public void Run_DoesNotRetry_OtherErrors()
    {
        var attempts = 0;

        Assert.Throws<SqliteException>(() => new SqliteRetry("/db", TimeSpan.FromSeconds(10)).Run<int>(() =>
        {
            attempts++;
            throw new SqliteException("constraint failed", SqliteConstraint);
        }));

        Assert.Equal(1, attempts);
    }
}
