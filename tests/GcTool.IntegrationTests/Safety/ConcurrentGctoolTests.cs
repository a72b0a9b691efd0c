using System.Text.Json;
using GcTool.IntegrationTests.Safety.Support;
using Microsoft.Data.Sqlite;

namespace GcTool.IntegrationTests.Safety;

/// <summary>
/// Two gctool processes on one cache and one database: two gcs, gc + scan, gc + audit. No
/// corruption, no lost reference, the second gc waits (or exits 3), and "database is locked" never
/// reaches the user.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ConcurrentGctoolTests : IDisposable
{
    private readonly SafetyWorld _world = SafetyWorld.Create();

    [Fact]
    public void SecondGc_StartedWhileTheFirstIsMidSweep_WaitsForIt_AndNeitherFails()
    {
        var scenario = GarbageScenario.Build(_world);
        using var first = GctoolProcess.Start(_world, "stop-mid-sweep", "gc", "--min-age", "0s", "--json");
        Assert.True(first.WaitForStderr("SIGSTOP at stop-mid-sweep", TimeSpan.FromMinutes(5)), "the first gc never reached its sweep");

        // The second gc starts while the first is frozen between two renames into its trash.
        using var second = GctoolProcess.Start(_world, null, "gc", "--min-age", "0s", "--json", "--lock-timeout", "2m");
        Assert.True(second.WaitForStderr("waiting", TimeSpan.FromMinutes(5)), "the second gc did not wait");
        first.Signal(GctoolProcess.SigCont);

        var a = first.WaitForExit(TimeSpan.FromMinutes(5));
        var b = second.WaitForExit(TimeSpan.FromMinutes(5));
        Assert.True(a.ExitCode == 0, $"first gc: {a}");
        Assert.True(b.ExitCode == 0, $"second gc: {b}");
        Assert.Equal(scenario.Garbage.Count, Deleted(a) + Deleted(b));
        AssertNoLockedDatabase(a, b);
        AssertConsistent(scenario);
    }

    [Fact]
    public void SecondGc_WhileAnotherGcRuns_Exits3_AfterItsLockTimeout_AndTouchesNothing()
    {
        GarbageScenario.Build(_world);
        using var first = GctoolProcess.Start(_world, "stop-mid-sweep", "gc", "--min-age", "0s");
        Assert.True(first.WaitForStderr("SIGSTOP at stop-mid-sweep", TimeSpan.FromMinutes(5)));
        var trash = Directory.EnumerateFileSystemEntries(Path.Combine(_world.Cache.RealRoot, ".gctool-trash"), "*", SearchOption.AllDirectories).Order().ToList();

        var second = GctoolProcess.Run(_world, null, "gc", "--min-age", "0s", "--lock-timeout", "1s", "--json");

        Assert.True(second.ExitCode == 3, second.ToString());
        Assert.Contains("another gctool gc", second.StdErr);
        Assert.Equal(trash, Directory.EnumerateFileSystemEntries(Path.Combine(_world.Cache.RealRoot, ".gctool-trash"), "*", SearchOption.AllDirectories).Order().ToList());
        first.Signal(GctoolProcess.SigCont);
        Assert.Equal(0, first.WaitForExit(TimeSpan.FromMinutes(5)).ExitCode);
        _world.AssertNothingBroken();
    }

    [Theory]
    [InlineData("gc")]
    [InlineData("scan")]
    [InlineData("audit")]
    public void GcAlongsideAnotherCommand_BothSucceed_AndNoReferenceIsLost(string other)
    {
        var scenario = GarbageScenario.Build(_world);
        string[] otherArgs = other == "gc" ? ["gc", "--min-age", "0s", "--json"] : [other, "--json"];
        for (var round = 0; round < 3; round++)
        {
            using var gc = GctoolProcess.Start(_world, null, "gc", "--min-age", "0s", "--json");
            using var second = GctoolProcess.Start(_world, null, otherArgs);
            var a = gc.WaitForExit(TimeSpan.FromMinutes(5));
            var b = second.WaitForExit(TimeSpan.FromMinutes(5));
            Assert.True(a.ExitCode is 0 or 3, a.ToString());
            Assert.True(b.ExitCode is 0 or 3, b.ToString());
            AssertNoLockedDatabase(a, b);
            if (round == 0) _world.PersistPackage(); // new garbage for the next round
        }
        AssertConsistent(scenario);
    }

    private static long Deleted(TestSupport.ProcessResult result)
    {
        using var json = JsonDocument.Parse(result.StdOut);
        return json.RootElement.GetProperty("entries_deleted").GetInt64();
    }

    private static void AssertNoLockedDatabase(params TestSupport.ProcessResult[] results)
    {
        foreach (var r in results)
        {
            Assert.DoesNotContain("database is locked", r.StdErr + r.StdOut, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Unhandled exception", r.StdErr);
        }
    }

    /// <summary>The database is sound and records exactly what a full rescan finds; nothing is broken.</summary>
    private void AssertConsistent(GarbageScenario scenario)
    {
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _world.Database, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", command.ExecuteScalar());
        }
        var recorded = References();
        Assert.Equal(0, _world.Run("scan", "--full").Exit);
        Assert.Equal(References(), recorded);
        Assert.All(scenario.Used, e => Assert.True(_world.EntryExists(e)));
        _world.AssertNothingBroken();
    }

    private List<string> References() =>
        _world.RunJson("audit").Json.GetProperty("references").EnumerateArray()
            .Select(r => $"{r.GetProperty("environment").GetString()} {r.GetProperty("entry").GetString()} {r.GetProperty("link_mode").GetString()}")
            .ToList();

    public void Dispose() => _world.Dispose();
}
