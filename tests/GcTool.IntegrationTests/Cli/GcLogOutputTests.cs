using GcTool.Core.Environments;
using GcTool.IntegrationTests.EndToEnd;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Cli;

/// <summary>
/// gc when stdout is not a terminal (cron, systemd, a log file): one unwrapped line per entry and one
/// summary line, so a nightly run reads as whole journal records.
/// </summary>
public sealed class GcLogOutputTests : IDisposable
{
    private readonly GcToolWorld _world = new();
    private readonly string[] _orphanIds;

    public GcLogOutputTests()
    {
        var used = _world.Cache.PersistWheel(Wheel.WithSubmodule("used", "1.0"));
        // A long name makes a long line: it must stay one line however wide.
        _orphanIds =
        [
            _world.Cache.PersistWheel(Wheel.WithSubmodule("an-orphan-with-a-rather-long-distribution-name-for-eighty-columns", "1.0")).Id,
            _world.Cache.PersistWheel(Wheel.WithSubmodule("second-orphan", "2.0")).Id,
        ];
        _world.Venv("app").Install(used, LinkMode.Symlink);
        _world.ScanProjects();
    }

    public void Dispose() => _world.Dispose();

    private static string[] Lines(string stdout) => stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Gc_WritesOneLinePerDeletedEntry_AndOneSummaryLine()
    {
        var lines = Lines(_world.Run("gc", "--min-age", "0s").AssertExit(0).Stdout);

        Assert.Equal(3, lines.Length);
        foreach (var id in _orphanIds)
            Assert.Single(lines, l => l.StartsWith($"deleted entry=archive-v0/{id} ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" dist=an_orphan_with_a_rather_long_distribution_name_for_eighty_columns version=1.0 bytes=", StringComparison.Ordinal)
                                    && l.Contains(" reason=\"unreferenced; never used by a known environment, created", StringComparison.Ordinal));
        Assert.StartsWith("summary dry_run=false planned=2 ", lines[^1]);
        Assert.Contains(" deleted=2 failed=0 ", lines[^1]);
    }

    [Fact]
    public void GcDryRun_WritesOneLinePerPlannedEntry_AndChangesNothing()
    {
        var lines = Lines(_world.Run("gc", "-n", "--min-age", "0s").AssertExit(0).Stdout);

        Assert.Equal(2, lines.Count(l => l.StartsWith("would-delete entry=archive-v0/", StringComparison.Ordinal)));
        Assert.StartsWith("summary dry_run=true planned=2 ", lines[^1]);
        Assert.All(_orphanIds, id => Assert.True(Directory.Exists(Path.Combine(_world.Cache.Root, "archive-v0", id))));
    }

    [Fact]
    public void Gc_Quiet_WritesOnlyTheSummaryLine()
    {
        var lines = Lines(_world.Run("--quiet", "gc", "--min-age", "0s").AssertExit(0).Stdout);

        var summary = Assert.Single(lines);
        Assert.StartsWith("summary dry_run=false planned=2 ", summary);
    }

    [Fact]
    public void Gc_WithNothingToDelete_WritesOnlyTheSummaryLine()
    {
        _world.Run("gc", "--min-age", "0s").AssertExit(0);

        var summary = Assert.Single(Lines(_world.Run("gc", "--min-age", "0s").AssertExit(0).Stdout));
        Assert.StartsWith("summary dry_run=false planned=0 ", summary);
    }
}
