using GcTool.Core.Environments;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.EndToEnd;

/// <summary><c>gctool doctor</c> on real venvs broken by the simulated <c>uv cache prune</c>.</summary>
public sealed class DoctorTests : IDisposable
{
    private readonly GcToolWorld _world = new();

    public void Dispose() => _world.Dispose();

    /// <summary>The seed bug: a symlink venv, uv re-persists the wheel under a new id, and uv's prune deletes the old one.</summary>
    private (VenvBuilder Venv, ArchiveEntry Entry) BrokenByPrune(string project, string package)
    {
        var entry = _world.Cache.PersistWheel(Wheel.WithSubmodule(package, "1.0"));
        var venv = _world.Venv(project);
        venv.Install(entry, LinkMode.Symlink);
        _world.Cache.Refresh(entry);
        UvPruneSimulator.Prune(_world.Cache);
        PythonChecker.AssertImportFails(venv, $"{package}.sub");
        return (venv, entry);
    }

    [Fact]
    public void Doctor_FindsAVenvBrokenByUvPrune_NamesTheDistribution_AndExitsSix()
    {
        var (venv, entry) = BrokenByPrune("app", "foo");

        var doctor = _world.Json("doctor", _world.Projects).AssertExit(6);

        var broken = Assert.Single(doctor.Json.GetProperty("broken").EnumerateArray());
        Assert.Equal(venv.Path, broken.GetProperty("environment").GetString());
        var dist = Assert.Single(broken.GetProperty("distributions").EnumerateArray());
        Assert.Equal("foo", dist.GetProperty("name").GetString());
        Assert.Equal("1.0", dist.GetProperty("version").GetString());
        Assert.Equal([entry.RelativePath], dist.GetProperty("missing_entries").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(dist.GetProperty("dangling_files").EnumerateArray(), f => f.GetString()!.EndsWith("foo/sub.py", StringComparison.Ordinal));
        Assert.Empty(broken.GetProperty("unattributed_files").EnumerateArray());
        Assert.Equal(1, doctor.Json.GetProperty("environments_broken").GetInt64());
    }

    [Fact]
    public void Doctor_ForAPlainVenv_SuggestsUvPipInstallReinstall()
    {
        var (venv, _) = BrokenByPrune("app", "foo");

        var broken = _world.Json("doctor", _world.Projects).AssertExit(6).Json.GetProperty("broken")[0];

        Assert.Equal("pip_reinstall", broken.GetProperty("repair").GetString());
        Assert.Equal($"uv pip install --python {venv.Path} --reinstall foo", broken.GetProperty("repair_command").GetString());
    }

    [Fact]
    public void Doctor_ForAProjectVenv_SuggestsUvSyncReinstallPackage_InTheProjectDirectory()
    {
        var (venv, _) = BrokenByPrune("app", "foo");
        var project = Path.GetDirectoryName(venv.Path)!;
        File.WriteAllText(Path.Combine(project, "pyproject.toml"), "[project]\nname = \"app\"\nversion = \"0.1\"\n");

        var broken = _world.Json("doctor", _world.Projects).AssertExit(6).Json.GetProperty("broken")[0];

        Assert.Equal(project, broken.GetProperty("project_directory").GetString());
        Assert.Equal($"cd {project} && uv sync --reinstall-package foo", broken.GetProperty("repair_command").GetString());
    }

    [Fact]
    public void Doctor_AttributesFilesThroughRecord_WhenRecordIsGone_SuggestsRecreatingTheProjectVenv()
    {
        var (venv, _) = BrokenByPrune("app", "foo");
        var project = Path.GetDirectoryName(venv.Path)!;
        File.WriteAllText(Path.Combine(project, "uv.lock"), "version = 1\n");
        File.Delete(venv.SitePath("foo-1.0.dist-info/RECORD"));

        var broken = _world.Json("doctor", _world.Projects).AssertExit(6).Json.GetProperty("broken")[0];

        Assert.NotEmpty(broken.GetProperty("unattributed_files").EnumerateArray());
        Assert.Equal("recreate_project_venv", broken.GetProperty("repair").GetString());
        Assert.Equal($"cd {project} && rm -rf .venv && uv sync", broken.GetProperty("repair_command").GetString());
    }

    [Fact]
    public void Doctor_HealthyEnvironments_ExitZero()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        _world.Venv("app").Install(foo, LinkMode.Symlink);

        var doctor = _world.Json("doctor", _world.Projects).AssertExit(0);

        Assert.Equal(1, doctor.Json.GetProperty("environments_checked").GetInt64());
        Assert.Empty(doctor.Json.GetProperty("broken").EnumerateArray());
    }

    [Fact]
    public void Doctor_HardlinkVenv_SurvivesPrune_AndIsNotReported()
    {
        var foo = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var venv = _world.Venv("hard");
        venv.Install(foo, LinkMode.Hardlink);
        _world.Cache.Refresh(foo);
        UvPruneSimulator.Prune(_world.Cache);

        _world.Json("doctor", _world.Projects).AssertExit(0);
        PythonChecker.AssertImports(venv, "foo.sub");
    }

    [Fact]
    public void Doctor_WithoutRoots_ExaminesTheRegisteredRoots()
    {
        _world.ScanProjects();
        BrokenByPrune("app", "foo");

        var doctor = _world.Json("doctor").AssertExit(6);

        Assert.Equal([_world.Projects], doctor.Json.GetProperty("roots").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public void Doctor_ReportsOnlyTheBrokenVenv_AmongHealthyOnes()
    {
        var bar = _world.Cache.PersistWheel(Wheel.WithSubmodule("bar", "2.0"));
        _world.Venv("healthy").Install(bar, LinkMode.Symlink);
        var (venv, _) = BrokenByPrune("broken", "foo");

        var doctor = _world.Json("doctor", _world.Projects).AssertExit(6);

        Assert.Equal(2, doctor.Json.GetProperty("environments_checked").GetInt64());
        Assert.Equal([venv.Path], doctor.Json.GetProperty("broken").EnumerateArray().Select(b => b.GetProperty("environment").GetString()));
    }

    [Fact]
    public void Doctor_HumanOutput_PrintsTheRepairCommand()
    {
        var (venv, _) = BrokenByPrune("app", "foo");

        var doctor = _world.Run("doctor", _world.Projects).AssertExit(6);

        Assert.Contains($"Repair: uv pip install --python {venv.Path} --reinstall foo", doctor.Stdout);
        Assert.Contains("1 broken", doctor.Stdout);
    }

    [Fact]
    public void Doctor_AttributesBrokenScriptsAndDataFiles_ThroughRecord()
    {
        var spec = Wheel.Named("tool", "2.0").WithModule("tool/__init__.py").WithScript("tool-cli", "#!/bin/sh\necho hi\n").WithData("share/tool/readme.txt", "hi\n");
        var entry = _world.Cache.PersistWheel(spec);
        var venv = _world.Venv("app");
        venv.Install(entry, LinkMode.Symlink);
        _world.Cache.Refresh(entry);
        UvPruneSimulator.Prune(_world.Cache);

        var broken = _world.Json("doctor", _world.Projects).AssertExit(6).Json.GetProperty("broken")[0];

        var files = Assert.Single(broken.GetProperty("distributions").EnumerateArray()).GetProperty("dangling_files")
            .EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Contains("bin/tool-cli", files);
        Assert.Contains("share/tool/readme.txt", files);
        Assert.Empty(broken.GetProperty("unattributed_files").EnumerateArray());
        Assert.Equal($"uv pip install --python {venv.Path} --reinstall tool", broken.GetProperty("repair_command").GetString());
    }
}
