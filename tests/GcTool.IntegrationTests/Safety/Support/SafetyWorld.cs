using System.Text.Json;
using GcTool.Cli;
using GcTool.Core.Platform;
using GcTool.TestSupport;

namespace GcTool.IntegrationTests.Safety.Support;

/// <summary>
/// One uv cache, one gctool database and one registered root of real venvs, plus the checks every
/// safety test ends with: what must survive (imports, links, pointers, whole entries).
/// </summary>
internal sealed class SafetyWorld : IDisposable
{
    private readonly TempDirectory _temp;
    private readonly List<(VenvBuilder Venv, List<string> Modules)> _venvs = [];
    private int _packages;

    private readonly Stack<Action> _cleanups = new();

    private SafetyWorld(TempDirectory temp, Func<string, string>? placeFileSystem)
    {
        _temp = temp;
        var under = placeFileSystem?.Invoke(temp.CreateDirectory("fs")) ?? temp.Path;
        Cache = UvCacheBuilder.Create(Path.Combine(under, "cache"));
        Projects = Directory.CreateDirectory(Path.Combine(under, "projects")).FullName;
        Database = temp.Combine("state", "gctool.sqlite3");
        Environment = new Dictionary<string, string?>
        {
            ["HOME"] = temp.Path,
            ["UV_CACHE_DIR"] = Cache.Root,
            ["GCTOOL_DB"] = Database,
            ["XDG_STATE_HOME"] = null,
            ["XDG_CACHE_HOME"] = null,
            ["GCTOOL_CACHE_ALIASES"] = null,
            ["NO_COLOR"] = "1",
        };
    }

    public static SafetyWorld Create() => new(TempDirectory.Create("gctool-safety-"), null);

    /// <summary>
    /// A world whose cache and projects live in <c>&lt;temp&gt;/fs</c>, prepared first by
    /// <paramref name="prepare"/> (e.g. to mount a small tmpfs there; register its undoing with
    /// <see cref="OnDispose"/> on the returned world). The database stays outside.
    /// </summary>
    public static SafetyWorld CreateOn(Action<string> prepare) =>
        new(TempDirectory.Create("gctool-safety-"), fs => { prepare(fs); return fs; });

    /// <summary>Runs <paramref name="cleanup"/> on Dispose, before the temporary directory is deleted (last registered, first run).</summary>
    public void OnDispose(Action cleanup) => _cleanups.Push(cleanup);

    public UvCacheBuilder Cache { get; }
    public string Projects { get; }
    public string Database { get; }
    public string Temp => _temp.Path;
    public Dictionary<string, string?> Environment { get; }
    public IReadOnlyList<(VenvBuilder Venv, List<string> Modules)> Venvs => _venvs;

    /// <summary>A new wheel entry with a package <c>pN</c> holding <c>pN/sub.py</c>; import it as <c>pN.sub</c>.</summary>
    public ArchiveEntry PersistPackage(string? name = null)
    {
        name ??= $"p{Interlocked.Increment(ref _packages)}";
        return Cache.PersistWheel(Wheel.Named(name, "1.0").WithModule($"{name}/sub.py").WithModule($"{name}/data/extra.py"));
    }

    /// <summary>A real python venv under the registered root with <paramref name="entries"/> installed.</summary>
    public VenvBuilder Venv(string name, UvLinkMode mode, params ArchiveEntry[] entries)
    {
        var venv = VenvBuilder.Create(Path.Combine(Projects, name, ".venv"));
        var modules = new List<string>();
        foreach (var entry in entries)
        {
            venv.Install(entry, mode);
            modules.Add($"{entry.Wheel.PackageName}.sub");
        }
        lock (_venvs) _venvs.Add((venv, modules));
        return venv;
    }

    /// <summary>gctool in this process through its public entry point.</summary>
    public (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = GcToolApp.Run(args, stdout, stderr, Environment);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>gctool in this process with --json; the parsed object.</summary>
    public (int Exit, JsonElement Json, string Stderr) RunJson(params string[] args) => RunJsonWith(TimeProvider.System, args);

    /// <summary>
    /// gctool with --json on a clock frozen at <paramref name="now"/>: ages compared with --min-age are
    /// the same however long the run takes on a loaded machine.
    /// </summary>
    public (int Exit, JsonElement Json, string Stderr) RunJsonAt(DateTimeOffset now, params string[] args) => RunJsonWith(new FrozenClock(now), args);

    private (int Exit, JsonElement Json, string Stderr) RunJsonWith(TimeProvider clock, string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var host = CliHost.Real(stdout, stderr, Environment, stdoutIsTerminal: false, CancellationToken.None) with { Clock = clock };
        var exit = GcToolApp.Run([.. args, "--json"], host);
        using var doc = JsonDocument.Parse(stdout.ToString());
        return (exit, doc.RootElement.Clone(), stderr.ToString());
    }

    /// <summary>When <paramref name="entry"/> was last changed (the newer of its mtime and ctime), as gc ages it.</summary>
    public static DateTimeOffset ChangedAt(ArchiveEntry entry)
    {
        var status = NativeFileStatReader.Instance.TryLStat(entry.Path) ?? throw new InvalidOperationException($"{entry.Path} is gone");
        return DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(status.ModifiedNs, status.ChangedNs) / 1_000_000);
    }

    /// <summary>Registers the projects root and records every venv.</summary>
    public void ScanProjects()
    {
        var (exit, _, stderr) = Run("scan", Projects);
        Assert.True(exit == 0, $"scan failed ({exit}): {stderr}");
    }

    public bool EntryExists(ArchiveEntry entry) => FileTree.Exists(entry.Path);

    // ----- what must survive -----------------------------------------------------------------

    /// <summary>Every venv imports every package it had installed, with its own python, and holds no dangling link.</summary>
    public void AssertEnvironmentsIntact()
    {
        List<(VenvBuilder Venv, List<string> Modules)> venvs;
        lock (_venvs) venvs = _venvs.Where(v => Directory.Exists(v.Venv.Path)).ToList();
        foreach (var (venv, modules) in venvs)
        {
            Assert.Empty(PythonChecker.DanglingLinks(venv));
            if (modules.Count == 0) continue;
            var result = PythonChecker.Run(venv.Path, "import importlib, sys\nfor m in sys.argv[1:]: importlib.import_module(m)", [.. modules]);
            Assert.True(result.Succeeded, $"imports failed in {venv.Path}:\n{result}");
        }
    }

    /// <summary>No wheels-v*/sdists-v*/environments-v* pointer names a missing entry.</summary>
    public void AssertNoDanglingPointers()
    {
        foreach (var bucket in Directory.EnumerateDirectories(Cache.RealRoot))
        {
            var name = Path.GetFileName(bucket);
            if (name.StartsWith("wheels-v") || name.StartsWith("sdists-v") || name.StartsWith("environments-v"))
                Assert.Empty(FileTree.DanglingLinks(bucket));
        }
    }

    /// <summary>
    /// Every directory in <c>archive-v0/</c> is a whole entry: each file its RECORD lists is there.
    /// A half-deleted entry visible to uv would fail this.
    /// </summary>
    public void AssertEntriesWholeOrAbsent()
    {
        if (!Directory.Exists(Cache.ArchiveDirectory)) return;
        foreach (var entry in Directory.EnumerateFileSystemEntries(Cache.ArchiveDirectory))
        {
            Assert.Equal(FileKind.Directory, FileTree.KindOf(entry));
            var records = Directory.GetFiles(entry, "RECORD", SearchOption.AllDirectories);
            Assert.True(records.Length == 1, $"{entry} has {records.Length} RECORD files");
            foreach (var line in File.ReadAllLines(records[0]))
            {
                var path = line.Split(',')[0];
                if (path.Length == 0) continue;
                Assert.True(FileTree.Exists(Path.Combine(entry, path)), $"{entry} is missing {path}: a half-deleted entry is visible to uv");
            }
        }
    }

    /// <summary>All three, the usual ending of a safety test.</summary>
    public void AssertNothingBroken()
    {
        AssertEnvironmentsIntact();
        AssertNoDanglingPointers();
        AssertEntriesWholeOrAbsent();
    }

    public void Dispose()
    {
        while (_cleanups.TryPop(out var cleanup))
        {
            try { cleanup(); }
            catch (Exception e) { Console.Error.WriteLine($"safety test cleanup failed: {e.Message}"); }
        }
        // rm(1) never follows symlinks and is far faster than a managed walk on the 1,000-environment corpus.
        try { ProcessRunner.Run("rm", ["-rf", "--one-file-system", _temp.Path], timeout: TimeSpan.FromMinutes(2)); }
        catch (Exception e) { Console.Error.WriteLine($"rm -rf {_temp.Path} failed: {e.Message}"); }
        _temp.Dispose();
    }
}
