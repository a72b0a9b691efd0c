using System.Text.Json;
using GcTool.Core.Environments;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.EndToEnd;

/// <summary>
/// A fact that installs gctool's wheel with the machine's own <c>python3 -m venv</c> and pip: skipped
/// where the native gctool cannot be had (see <see cref="NativeBinaryFactAttribute"/>), or python3 has no
/// venv/ensurepip (Debian's python3-venv), or binutils' objdump is missing (the wheel's tag is read from
/// the binary with it).
/// </summary>
public sealed class PythonWheelFactAttribute : FactAttribute
{
    public PythonWheelFactAttribute()
    {
        if (new NativeBinaryFactAttribute().Skip is { } native) Skip = native;
        else if (PythonWheel.MissingTool is { } missing) Skip = missing;
    }
}

/// <summary>The wheel under test: built once per test run by scripts/build-wheel.py from the native gctool the other native tests use.</summary>
internal static class PythonWheel
{
    private static readonly Lazy<string> Built = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string?> Missing = new(FindMissingTool);

    public static string Path => Built.Value;

    public static string? MissingTool => Missing.Value;

    private static string? FindMissingTool()
    {
        if (!Runs("python3", "-c", "import venv, ensurepip")) return "python3 with venv and ensurepip is not installed (apt-get install python3-venv; .ci/run installs it)";
        if (!Runs("objdump", "--version")) return "objdump is not installed (apt-get install binutils)";
        return null;
    }

    private static bool Runs(string program, params string[] arguments)
    {
        try
        {
            return ProcessRunner.Run(program, arguments).Succeeded;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not on PATH
        }
    }

    private static string Build()
    {
        var repository = NativeBinary.Repository();
        var binary = NativeBinary.Path;
        var output = System.IO.Path.Combine(repository, "artifacts", "test-wheel");
        if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        var result = ProcessRunner.Run("python3",
            [System.IO.Path.Combine(repository, "scripts", "build-wheel.py"),
             "--binary", binary,
             "--sqlite", System.IO.Path.Combine(System.IO.Path.GetDirectoryName(binary)!, "libe_sqlite3.so"),
             "--version", "0.0.0",
             "--readme", System.IO.Path.Combine(repository, "README.md"),
             "--contrib", System.IO.Path.Combine(repository, "contrib"),
             "--out", output]);
        var wheel = result.StdOut.Trim();
        if (!result.Succeeded || !File.Exists(wheel)) throw new InvalidOperationException($"building the wheel failed: {result}");
        return wheel;
    }
}

/// <summary>
/// gctool installs as Python users install tools: a platform wheel carrying the native binary, put
/// into a real venv by the real pip, from the file alone (<c>--no-index</c>).
/// </summary>
public sealed class PythonWheelTests : IDisposable
{
    private readonly GcToolWorld _world = new();
    private readonly string _venv;

    public PythonWheelTests() => _venv = _world.PathOf("tool-venv");

    public void Dispose() => _world.Dispose();

    /// <summary>The environment pip and gctool run in: nothing from the caller's Python, gctool or pip settings.</summary>
    private IReadOnlyDictionary<string, string?> Isolated => new Dictionary<string, string?>
    {
        ["HOME"] = _world.PathOf("home"),
        ["PYTHONPATH"] = null,
        ["PYTHONHOME"] = null,
        ["VIRTUAL_ENV"] = null,
        ["PIP_CONFIG_FILE"] = "/dev/null",
        ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1",
        ["GCTOOL_CONFIG"] = null,
        ["GCTOOL_DB"] = null,
    };

    private void CreateVenv()
    {
        var result = ProcessRunner.Run("python3", ["-m", "venv", _venv], Isolated);
        Assert.True(result.Succeeded, $"python3 -m venv: {result}");
    }

    private void Pip(params string[] args)
    {
        var result = ProcessRunner.Run(System.IO.Path.Combine(_venv, "bin", "pip"), args, Isolated);
        Assert.True(result.Succeeded, $"pip {string.Join(' ', args)}: {result}");
    }

    private void InstallWheel()
    {
        CreateVenv();
        Pip("install", "--no-index", PythonWheel.Path);
    }

    private ProcessResult Gctool(string executable, params string[] args)
    {
        var result = ProcessRunner.Run(executable, ["--cache-dir", _world.Cache.Root, "--db", _world.Database, .. args], Isolated);
        Assert.True(result.ExitCode == 0, $"gctool {string.Join(' ', args)}: {result}");
        return result;
    }

    private string InstalledGctool => System.IO.Path.Combine(_venv, "bin", "gctool");

    [PythonWheelFact]
    public void WheelName_CarriesAManylinuxGlibcTag()
    {
        Assert.Matches(@"^gctool-0\.0\.0-py3-none-manylinux_2_\d+_x86_64\.whl$", System.IO.Path.GetFileName(PythonWheel.Path));
    }

    [PythonWheelFact]
    public void PipInstalledGctool_RunsScanAndGc()
    {
        var kept = _world.Cache.PersistWheel(Wheel.WithSubmodule("foo", "1.0"));
        var orphan = _world.Cache.PersistWheel(Wheel.WithSubmodule("orphan", "1.0"));
        var app = _world.Venv("app");
        app.Install(kept, LinkMode.Symlink);
        InstallWheel();

        Assert.StartsWith("0.", Gctool(InstalledGctool, "--version").StdOut);
        var scan = JsonDocument.Parse(Gctool(InstalledGctool, "--json", "scan", _world.Projects).StdOut).RootElement;
        Assert.Equal(1, scan.GetProperty("environments_found").GetInt32());
        var gc = JsonDocument.Parse(Gctool(InstalledGctool, "--json", "gc", "--min-age", "0s").StdOut).RootElement;

        Assert.Equal([orphan.Id], gc.GetProperty("plan").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.False(orphan.Exists);
        Assert.True(kept.Exists);
        PythonChecker.AssertImports(app, "foo.sub");
    }

    /// <summary>pipx and <c>uv tool install</c> put a symlink to the venv's gctool in ~/.local/bin.</summary>
    [PythonWheelFact]
    public void PipInstalledGctool_WorksThroughASymlinkElsewhere()
    {
        InstallWheel();
        var bin = Directory.CreateDirectory(_world.PathOf("home", ".local", "bin")).FullName;
        var link = System.IO.Path.Combine(bin, "gctool");
        File.CreateSymbolicLink(link, InstalledGctool);

        Gctool(link, "status");
    }

    [PythonWheelFact]
    public void PipInstall_PutsTheReadmeAndContribUnitsBesideSqlite()
    {
        InstallWheel();

        var doc = System.IO.Path.Combine(_venv, "lib", "gctool");
        Assert.True(File.Exists(System.IO.Path.Combine(doc, "README.md")));
        var units = Directory.GetFiles(System.IO.Path.Combine(NativeBinary.Repository(), "contrib")).Select(System.IO.Path.GetFileName);
        Assert.All(units, unit => Assert.True(File.Exists(System.IO.Path.Combine(doc, "contrib", unit!)), $"contrib/{unit} not installed"));
    }

    [PythonWheelFact]
    public void PipUninstall_LeavesTheVenvAsBeforeInstall()
    {
        CreateVenv();
        var before = _world.DiskSnapshot(_venv);
        Pip("install", "--no-index", PythonWheel.Path);
        Assert.True(File.Exists(InstalledGctool));

        Pip("uninstall", "-y", "gctool");

        Assert.Equal(before, _world.DiskSnapshot(_venv));
    }
}
