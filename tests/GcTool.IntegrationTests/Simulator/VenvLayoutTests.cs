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
}
