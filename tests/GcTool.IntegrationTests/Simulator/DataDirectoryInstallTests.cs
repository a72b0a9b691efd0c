using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Simulator;

public sealed class DataDirectoryInstallTests : SimulatorTest
{
    private static readonly WheelSpec Tool = Wheel.WithSubmodule("foo", "1.0")
        .WithModule("foo/cli.py", "def main():\n    print('foo-cli ran')\n    return 0\n")
        .WithScript("foo-sh", "#!/bin/sh\necho shell\n")
        .WithPythonScript("foo-py", "import foo.sub\nprint(foo.sub.MODULE)\n")
        .WithData("share/foo/readme.txt", "data\n")
        .WithHeader("foo.h")
        .WithPurelib("foo_extra.py", "EXTRA = 1\n")
        .WithConsoleScript("foo-cli", "foo.cli:main")
        .WithLicense();

    [Fact]
    public void DataScripts_EndUpInBin_AsLinksIntoTheArchiveInSymlinkMode()
    {
        var entry = Cache.PersistWheel(Tool);
        var venv = NewVenv();
        venv.Install(entry, LinkMode.Symlink);

        var script = Path.Combine(venv.BinDirectory, "foo-sh");
        Assert.Equal($"{Cache.Root}/archive-v0/{entry.Id}/foo-1.0.data/scripts/foo-sh", new FileInfo(script).LinkTarget);
        Assert.Equal("shell\n", ProcessRunner.RunChecked(script).StdOut);
        Assert.False(FileTree.Exists(venv.SitePath("foo-1.0.data")));
    }

    [Fact]
    public void PythonShebangScript_IsRewrittenAsARealFileThatRuns()
    {
        var venv = NewVenv();
        venv.Install(Cache.PersistWheel(Tool), LinkMode.Symlink);

        var script = Path.Combine(venv.BinDirectory, "foo-py");
        Assert.Equal(FileKind.File, LStat(script).Kind);
        Assert.StartsWith($"#!{venv.PythonExecutable}\n", File.ReadAllText(script));
        Assert.Equal("foo.sub\n", ProcessRunner.RunChecked(script).StdOut);
    }

    [Fact]
    public void ConsoleScript_IsAGeneratedRealLauncher()
    {
        var venv = NewVenv();
        venv.Install(Cache.PersistWheel(Tool), LinkMode.Symlink);

        var launcher = Path.Combine(venv.BinDirectory, "foo-cli");
        Assert.Equal(FileKind.File, LStat(launcher).Kind);
        Assert.Equal("foo-cli ran\n", ProcessRunner.RunChecked(launcher).StdOut);
    }

    [Fact]
    public void DataHeadersAndPurelib_MoveToTheVenvRootIncludeAndSitePackages()
    {
        var entry = Cache.PersistWheel(Tool);
        var venv = NewVenv();
        venv.Install(entry, LinkMode.Symlink);

        Assert.Equal(FileKind.Symlink, LStat(Path.Combine(venv.Path, "share/foo/readme.txt")).Kind);
        Assert.Equal(FileKind.Symlink, LStat(Path.Combine(venv.IncludeSiteDirectory, "foo", "foo.h")).Kind);
        Assert.Equal(FileKind.Symlink, LStat(venv.SitePath("foo_extra.py")).Kind);
        Assert.Equal(FileKind.Symlink, LStat(venv.SitePath("foo-1.0.dist-info/licenses/LICENSE")).Kind);
        PythonChecker.AssertImports(venv, "foo_extra");
    }

    [Fact]
    public void FinalRecord_NamesMovedFilesWhereTheyLanded()
    {
        var venv = NewVenv();
        venv.Install(Cache.PersistWheel(Tool), LinkMode.Hardlink);

        var record = File.ReadAllText(venv.SitePath("foo-1.0.dist-info/RECORD"));
        Assert.Contains("../../../bin/foo-sh,", record);
        Assert.Contains("../../../share/foo/readme.txt,", record);
        Assert.Contains("../../../bin/foo-cli,", record);
        Assert.DoesNotContain("foo-1.0.data/", record);
    }
}
