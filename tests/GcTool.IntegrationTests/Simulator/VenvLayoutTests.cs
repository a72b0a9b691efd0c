using GcTool.Core.Cache;
using GcTool.Core.Platform;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Simulator;

public sealed class VenvLayoutTests : SimulatorTest
{
    [Fact]
    public void Venv_HasLib64SymlinkToLib()
    {
        var venv = NewVenv();

        Assert.Equal("lib", new FileInfo(Path.Combine(venv.Path, "lib64")).LinkTarget);
    }

    [Fact]
    public void Venv_CarriesUvsCacheMarkers()
    {
        var venv = NewVenv();

        Assert.Equal(UvCache.CacheDirTagSignature, File.ReadAllText(Path.Combine(venv.Path, "CACHEDIR.TAG")));
        Assert.Equal("*", File.ReadAllText(Path.Combine(venv.Path, ".gitignore")));
    }

    [Fact]
    public void Venv_PyvenvCfgHasUvsKeysInOrder()
    {
        var venv = NewVenv();

        var keys = File.ReadAllLines(Path.Combine(venv.Path, "pyvenv.cfg")).Select(l => l.Split(" = ")[0]).ToList();
        Assert.Equal(["home", "implementation", "uv", "version_info", "include-system-site-packages"], keys);
        Assert.Contains("uv = 0.12.5", File.ReadAllLines(Path.Combine(venv.Path, "pyvenv.cfg")));
    }

    [Fact]
    public void Venv_PythonLinksAsUvMakesThem()
    {
        var venv = NewVenv();

        Assert.Equal(venv.Python.Executable, new FileInfo(venv.PythonExecutable).LinkTarget);
        Assert.Equal("python", new FileInfo(Path.Combine(venv.BinDirectory, "python3")).LinkTarget);
        Assert.Equal("python", new FileInfo(Path.Combine(venv.BinDirectory, $"python{venv.Python.MajorMinor}")).LinkTarget);
        Assert.Equal(venv.Path + "\n", PythonChecker.Run(venv.Path, "import sys; print(sys.prefix)").StdOut);
    }

    [Fact]
    public void Venv_CanBeInstalledIntoAgainAfterReopening()
    {
        var venv = NewVenv();
        venv.Install(Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0")), UvLinkMode.Symlink);

        VenvBuilder.Open(venv.Path).Install(Cache.PersistWheel(Wheel.Named("bar", "2.0").WithModule("bar.py")), UvLinkMode.Symlink);

        PythonChecker.AssertImports(venv, "foo.sub");
        PythonChecker.AssertImports(venv, "bar");
    }

    [Fact]
    public void RemovingAVenv_LeavesTheArchiveEntryIntact()
    {
        var entry = Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var venv = NewVenv();
        venv.Install(entry, UvLinkMode.Symlink);

        venv.Remove();

        Assert.False(FileTree.Exists(venv.Path));
        Assert.Equal(FileKind.File, LStat(entry.FileAt("foo/sub.py")).Kind);
    }

    [Fact]
    public void Uninstall_RemovesEveryLinkAndDirectoryOfTheWheelButNotTheEntry()
    {
        var spec = Wheel.WithSubmodule("foo", "1.0").WithModule("foo/nested/deep.py").WithScript("foo-sh", "#!/bin/sh\n").WithData("share/foo/x.txt", "x");
        var entry = Cache.PersistWheel(spec);
        var venv = NewVenv();
        venv.Install(entry, UvLinkMode.Symlink);
        PythonChecker.AssertImports(venv, "foo.sub"); // leaves __pycache__ behind

        venv.Uninstall(spec);

        Assert.False(FileTree.Exists(venv.SitePath("foo")));
        Assert.False(FileTree.Exists(venv.SitePath("foo-1.0.dist-info")));
        Assert.False(FileTree.Exists(Path.Combine(venv.BinDirectory, "foo-sh")));
        Assert.False(FileTree.Exists(Path.Combine(venv.Path, "share", "foo", "x.txt")));
        Assert.Empty(PythonChecker.DanglingLinks(venv));
        Assert.True(File.Exists(entry.FileAt("foo/nested/deep.py")));
        PythonChecker.AssertImportFails(venv, "foo.sub");
    }

    [Fact]
    public void Upgrade_MovesTheVenvFromTheOldEntryToTheNewOne()
    {
        var old = Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var updated = Cache.PersistWheel(Wheel.WithSubmodule("foo", "2.0"));
        var venv = NewVenv();
        venv.Install(old, UvLinkMode.Symlink);

        venv.Uninstall(old.Wheel);
        venv.Install(updated, UvLinkMode.Symlink);

        Assert.Equal(updated.FileAt("foo/sub.py"), new FileInfo(venv.SitePath("foo/sub.py")).LinkTarget);
        Assert.Equal("2.0\n", PythonChecker.Run(venv.Path, "import foo.sub; print(foo.sub.VERSION)").StdOut);
    }
}
