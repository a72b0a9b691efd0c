using GcTool.Core.Environments;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Simulator;

/// <summary>
/// The bug gctool exists for (astral-sh/uv#15104): <c>uv cache prune</c> keeps only entries that a
/// cache pointer references, so it deletes entries a symlink-mode venv still uses.
/// </summary>
public sealed class SeedBugTests : SimulatorTest
{
    private readonly ArchiveEntry _foo;
    private readonly VenvBuilder _symlinkVenv;
    private readonly VenvBuilder _hardlinkVenv;
    private readonly VenvBuilder _copyVenv;

    public SeedBugTests()
    {
        _foo = Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0").WithModule("bar.py"));
        _symlinkVenv = NewVenv("symlink-venv");
        _symlinkVenv.Install(_foo, LinkMode.Symlink);
        _hardlinkVenv = NewVenv("hardlink-venv");
        _hardlinkVenv.Install(_foo, LinkMode.Hardlink);
        _copyVenv = NewVenv("copy-venv");
        _copyVenv.Install(_foo, UvLinkMode.Copy);
    }

    [Fact]
    public void RefreshThenPrune_DeletesTheEntryTheSymlinkVenvUses()
    {
        Cache.Refresh(_foo);

        var result = UvPruneSimulator.Prune(Cache);

        Assert.True(result.RemovedEntry(_foo));
        Assert.False(_foo.Exists);
    }

    [Fact]
    public void RefreshThenPrune_BreaksSubmoduleImportInTheSymlinkVenv()
    {
        Cache.Refresh(_foo);
        UvPruneSimulator.Prune(Cache);

        var stderr = PythonChecker.AssertImportFails(_symlinkVenv, "foo.sub");

        Assert.Contains("No module named 'foo.sub'", stderr);
        PythonChecker.AssertImportFails(_symlinkVenv, "bar");
        Assert.Contains(_symlinkVenv.SitePath("foo/sub.py"), PythonChecker.DanglingLinks(_symlinkVenv));
    }

    [Fact]
    public void RefreshThenPrune_LeavesAnEmptyNamespacePackageImportable()
    {
        Cache.Refresh(_foo);
        UvPruneSimulator.Prune(Cache);

        // Why tests must import a submodule: the dangling foo/__init__.py does not stop `import foo`.
        var result = PythonChecker.Run(_symlinkVenv.Path, "import foo; print(foo.__file__)");
        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("None\n", result.StdOut);
    }

    [Fact]
    public void RefreshThenPrune_LeavesHardlinkAndCopyVenvsWorking()
    {
        Cache.Refresh(_foo);
        UvPruneSimulator.Prune(Cache);

        PythonChecker.AssertImports(_hardlinkVenv, "foo.sub");
        PythonChecker.AssertImports(_copyVenv, "foo.sub");
        PythonChecker.AssertImports(_copyVenv, "bar");
    }

    [Fact]
    public void EntryReferencedOnlyFromAnOldBucket_IsDeletedByPrune()
    {
        var old = Cache.PersistWheel(Wheel.Named("old", "0.1").WithModule("old/sub.py"), new PersistOptions { Bucket = "wheels-v5" });
        var venv = NewVenv("old-venv");
        venv.Install(old, LinkMode.Symlink);

        var result = UvPruneSimulator.Prune(Cache);

        Assert.True(result.RemovedPath(Cache.PathOf("wheels-v5")));
        Assert.False(old.Exists);
        PythonChecker.AssertImportFails(venv, "old.sub");
    }

    [Fact]
    public void PruneWithoutRefresh_KeepsTheReferencedEntry()
    {
        var result = UvPruneSimulator.Prune(Cache);

        Assert.False(result.RemovedEntry(_foo));
        PythonChecker.AssertImports(_symlinkVenv, "foo.sub");
    }
}
