using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Hostile;

/// <summary>
/// gctool as root with its SQLite database in a directory a real unprivileged user owns: a symlink that
/// user plants at the database path, or at SQLite's <c>-wal</c>/<c>-journal</c>, is refused (exit 4, one
/// line), and its target is neither created nor touched.
/// </summary>
public sealed class HostileDatabasePathTests : IDisposable
{
    private readonly HostileWorld _world = new();

    public void Dispose() => _world.Dispose();

    /// <summary>A directory the attacker owns, reachable by them, with a root-only target they would like root to write.</summary>
    private (string Directory, string Target) AttackerDirectory(UnprivilegedUser user)
    {
        UnixModes.Set(_world.Temp.Path, UnixModes.Executable);
        var directory = _world.Dir("attacker-state");
        user.Own(directory);
        var rootOnly = _world.Dir("root-only");
        UnixModes.Set(rootOnly, UnixModes.FromOctal("700"));
        return (directory, Path.Combine(rootOnly, "created-by-root"));
    }

    private CliRun Status(string database) =>
        _world.RunRaw("--cache-dir", _world.Cache.Root, "--db", database, "status");

    [UnprivilegedUserFact]
    public void Open_RefusesADatabaseSymlinkPlantedByTheOwnerOfItsDirectory_AndCreatesNothing()
    {
        var user = UnprivilegedUser.Get();
        var (directory, target) = AttackerDirectory(user);
        var database = Path.Combine(directory, "gctool.sqlite3");
        Assert.True(user.Shell($"ln -s '{target}' '{database}'").Succeeded);

        var run = Status(database);

        Assert.True(run.Exit == 4, run.ToString());
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("symlink", run.Stderr);
        Assert.False(File.Exists(target));
    }

    [UnprivilegedUserFact]
    public void Open_RefusesAWalSymlinkPlantedBesideAnExistingDatabase_AndLeavesItsTargetAlone()
    {
        var user = UnprivilegedUser.Get();
        var (directory, target) = AttackerDirectory(user);
        var database = Path.Combine(directory, "gctool.sqlite3");
        Assert.True(Status(database).Exit == 0);
        File.WriteAllText(target, "root's file");
        Assert.True(user.Shell($"ln -s '{target}' '{database}-wal'").Succeeded);

        var run = Status(database);

        Assert.True(run.Exit == 4, run.ToString());
        Assert.Equal("root's file", File.ReadAllText(target));
    }

    [UnprivilegedUserFact]
    public void Open_RefusesADirectorySymlinkOnTheWay_InADirectoryTheUserOwns()
    {
        var user = UnprivilegedUser.Get();
        var (directory, target) = AttackerDirectory(user);
        var elsewhere = Path.GetDirectoryName(target)!;
        Assert.True(user.Shell($"ln -s '{elsewhere}' '{directory}/state'").Succeeded);

        var run = Status(Path.Combine(directory, "state", "gctool.sqlite3"));

        Assert.True(run.Exit == 4, run.ToString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
    }

    [UnprivilegedUserFact]
    public void Open_AcceptsARegularDatabase_InADirectoryAnotherUserOwns()
    {
        var user = UnprivilegedUser.Get();
        var (directory, _) = AttackerDirectory(user);

        var run = Status(Path.Combine(directory, "gctool.sqlite3"));

        Assert.True(run.Exit == 0, run.ToString());
    }

    [Fact]
    public void Open_FollowsADatabaseSymlink_InADirectoryRootOwns()
    {
        var real = Path.Combine(_world.Dir("real-state"), "gctool.sqlite3");
        var link = Path.Combine(_world.Dir("state-links"), "gctool.sqlite3");
        File.CreateSymbolicLink(link, real);

        var run = Status(link);

        Assert.True(run.Exit == 0, run.ToString());
        Assert.True(File.Exists(real));
    }
}
