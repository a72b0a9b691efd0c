using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using GcTool.IntegrationTests.Safety.Support;
using GcTool.TestSupport;
using Xunit.Abstractions;

namespace GcTool.IntegrationTests.Safety;

/// <summary>
/// Several threads behave like uv processes on one cache while gc runs in a loop with
/// <c>--min-age 0s</c>. Each uv operation holds LOCK_SH on <c>&lt;cache&gt;/.lock</c> (its own
/// descriptor) from before it persists an entry until after the venv links exist, as uv does:
/// persist a new wheel (temp dir + rename + pointer) and install it, install an entry already in the
/// cache into another venv, or refresh a package (new id, pointer repointed, reinstall: the old id
/// becomes garbage). Venvs (real python, symlink or hardlink mode) are created and sometimes
/// deleted without the lock, as users do. After every gc a checker takes LOCK_SH and looks for a
/// dangling link in any venv; at the end every venv imports every package with python3, no link
/// or pointer dangles, and what is left in archive-v0 is exactly what the venvs use.
/// </summary>
/// <remarks>Runs for <c>GCTOOL_STRESS_SECONDS</c> (default 45) seconds; <c>GCTOOL_STRESS_GC=process</c> runs each gc as a child process.</remarks>
[Trait("Category", "Slow")]
public sealed class UvStressTests : IDisposable
{
    private const int Workers = 3;
    private const int MaxVenvsPerWorker = 3;
    private readonly ITestOutputHelper _output;
    private readonly SafetyWorld _world;
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentDictionary<string, ArchiveEntry> _pool = new(); // package → the entry its pointer names
    private readonly ConcurrentQueue<string> _orphaned = new(); // packages of removed venvs: unreferenced now, wanted again soon
    private int _entriesCreated, _installs, _refreshes, _venvsRemoved;
    private readonly Stopwatch _since = Stopwatch.StartNew();
    private readonly ConcurrentQueue<string> _events = new(); // what workers and gc did, in order: printed when something breaks

    private void Event(string what) => _events.Enqueue($"{_since.ElapsedMilliseconds,7} ms {what}");

    public UvStressTests(ITestOutputHelper output)
    {
        _output = output;
        string? mounted = null;
        _world = SafetyWorld.CreateOn(fs => { if (Mounts.TryMountTmpfs(fs, "size=1g")) mounted = fs; });
        if (mounted is not null) _world.OnDispose(() => Mounts.Unmount(mounted));
    }

    [Fact]
    public void UvWorkersAndAGcLoop_NeverBreakAnEnvironment()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("GCTOOL_STRESS_SECONDS"), out var s) && s > 0 ? s : 45;
        var asProcess = Environment.GetEnvironmentVariable("GCTOOL_STRESS_GC") == "process";
        _world.ScanProjects();
        // Stopped by the loop below, not by a timer: timer callbacks need a thread-pool thread, and
        // under load this test can leave none free, so a timed token might never fire.
        using var stop = new CancellationTokenSource();
        var deadline = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Workers).Select(w => new Worker(this, w)).ToList();
        var threads = workers.Select(w => StartThread(() => w.Run(stop.Token))).ToList();

        var gcs = 0;
        var lockTimeouts = 0;
        long deleted = 0;
        var clock = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            Event($"gc {gcs + 1} starts");
            var (exit, json, stderr) = RunGc(asProcess);
            gcs++;
            Event($"gc {gcs} exited {exit}: deleted [{(exit == 0 ? string.Join(' ', json.GetProperty("plan").EnumerateArray().Select(i => i.GetProperty("id").GetString())) : "")}]");
            if (exit == 3) lockTimeouts++;
            else if (exit != 0) _violations.Enqueue($"gc {gcs} exited {exit}: {stderr}");
            else
            {
                deleted += json.GetProperty("entries_deleted").GetInt64();
                if (json.GetProperty("failures").GetInt64() != 0) _violations.Enqueue($"gc {gcs} reported failures: {json}");
            }
            CheckNoDanglingLinks(workers, $"after gc {gcs}");
            Thread.Sleep(Random.Shared.Next(0, 100));
        }
        stop.Cancel();
        foreach (var thread in threads) thread.Join();
        foreach (var w in workers) if (w.Error is not null) _violations.Enqueue($"worker {w.Index} failed: {w.Error}");

        var (finalExit, final, finalErr) = _world.RunJson("gc", "--min-age", "0s");
        Assert.True(finalExit == 0, finalErr);
        deleted += final.GetProperty("entries_deleted").GetInt64();

        var report = $"stress ({(asProcess ? "gc as child processes" : "gc in-process")}): {clock.Elapsed.TotalSeconds:0}s, {Workers} uv workers, entries created {_entriesCreated}, installs {_installs}, " +
                     $"refreshes {_refreshes}, venvs {workers.Sum(w => w.Venvs.Count)} (removed {_venvsRemoved}), gcs {gcs + 1} (lock timeouts {lockTimeouts}), entries deleted {deleted}";
        _output.WriteLine(report);
        Console.WriteLine(report);
        if (!_violations.IsEmpty)
        {
            // Everything that happened, so a failure seen once can be explained without reproducing it.
            foreach (var line in _violations.Concat(_events)) _output.WriteLine(line);
            Assert.Fail($"{_violations.Count} violations; first: {_violations.First()} (events in the test output)");
        }

        // What must survive: every venv imports everything it installed; nothing dangles.
        foreach (var worker in workers)
        foreach (var (venv, packages) in worker.Venvs)
        {
            Assert.Empty(PythonChecker.DanglingLinks(venv));
            var modules = packages.Keys.Select(p => $"{p}.sub").ToArray();
            if (modules.Length == 0) continue;
            var result = PythonChecker.Run(venv.Path, "import importlib, sys\nfor m in sys.argv[1:]: importlib.import_module(m)", modules);
            Assert.True(result.Succeeded, $"imports failed in {venv.Path}:\n{result}");
        }
        _world.AssertNoDanglingPointers();
        _world.AssertEntriesWholeOrAbsent();

        // And gc kept up: what is left is exactly what the venvs use.
        var used = workers.SelectMany(w => w.Venvs.Values).SelectMany(p => p.Values).Select(e => e.Id).ToHashSet();
        Assert.Equal(used.Order(StringComparer.Ordinal), _world.Cache.ArchiveIdsOnDisk());
        Assert.True(deleted > 0, "the stress run deleted nothing: refreshes and removed venvs should have left garbage");
    }

    /// <summary>One gc: in this process (its own lock descriptor), or with GCTOOL_STRESS_GC=process as <c>dotnet gctool.dll</c>.</summary>
    private (int Exit, JsonElement Json, string Stderr) RunGc(bool asProcess)
    {
        string[] args = ["gc", "--min-age", "0s", "--lock-timeout", "30s"];
        if (!asProcess) return _world.RunJson(args);
        var result = GctoolProcess.Run(_world, null, [.. args, "--json"]);
        using var doc = JsonDocument.Parse(result.StdOut);
        return (result.ExitCode, doc.RootElement.Clone(), result.StdErr);
    }

    /// <summary>Under LOCK_SH (so no gc sweeps meanwhile): no venv holds a link into a deleted entry.</summary>
    private void CheckNoDanglingLinks(List<Worker> workers, string when)
    {
        using var shared = SharedCacheLock.Acquire(_world.Cache.LockPath);
        foreach (var worker in workers)
        foreach (var venv in worker.SnapshotVenvs())
        {
            try
            {
                var dangling = PythonChecker.DanglingLinks(venv);
                // Its worker may be deleting this venv (rm -rf, no lock, as users do; it is unregistered
                // first): then its own links dangle for a moment (lib64 -> lib once lib is gone).
                if (!worker.HasVenv(venv)) continue;
                foreach (var link in dangling)
                    _violations.Enqueue($"{when}: dangling {link} -> {new FileInfo(link).LinkTarget}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The venv is being removed by its worker (without the lock, as users do).
            }
        }
    }

    private static Thread StartThread(Action body)
    {
        var thread = new Thread(() => body()) { IsBackground = true };
        thread.Start();
        return thread;
    }

    /// <summary>One uv user: its own venvs, its own package names.</summary>
    private sealed class Worker(UvStressTests test, int index)
    {
        private readonly Random _random = new(1000 + index);
        private int _names;
        private int _venvNames;

        public int Index => index;
        public Exception? Error { get; private set; }

        /// <summary>Venv → installed package name → entry. Only this worker's thread mutates it.</summary>
        public Dictionary<VenvBuilder, Dictionary<string, ArchiveEntry>> Venvs { get; } = new();

        public List<string> SnapshotVenvs()
        {
            lock (Venvs) return Venvs.Keys.Select(v => v.Path).ToList();
        }

        public bool HasVenv(string path)
        {
            lock (Venvs) return Venvs.Keys.Any(v => v.Path == path);
        }

        public void Run(CancellationToken stop)
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    Step();
                    Thread.Sleep(_random.Next(10, 80));
                }
            }
            catch (Exception e)
            {
                Error = e;
            }
        }

        private void Step()
        {
            if (Venvs.Count == 0 || (Venvs.Count < MaxVenvsPerWorker && _random.Next(8) == 0)) CreateVenv();
            var venv = Venvs.Keys.ElementAt(_random.Next(Venvs.Count));
            var packages = Venvs[venv];
            switch (_random.Next(10))
            {
                case < 5: InstallNew(venv, packages); break;
                case < 7: InstallFromPool(venv, packages); break;
                case < 9 when packages.Count > 0: Refresh(venv, packages); break;
                case 9 when Venvs.Count > 1 && _random.Next(3) == 0: RemoveVenv(venv); break;
                default: InstallNew(venv, packages); break;
            }
        }

        private void CreateVenv()
        {
            var mode = _venvNames % 2 == 0 ? UvLinkMode.Symlink : UvLinkMode.Hardlink;
            var venv = VenvBuilder.Create(Path.Combine(test._world.Projects, $"w{index}", $"v{_venvNames++}-{mode.ToString().ToLowerInvariant()}", ".venv"));
            test.Event($"w{index} created {venv.Path}");
            lock (Venvs) Venvs[venv] = new Dictionary<string, ArchiveEntry>();
        }

        private UvLinkMode ModeOf(VenvBuilder venv) => venv.Path.Contains("-hardlink") ? UvLinkMode.Hardlink : UvLinkMode.Symlink;

        /// <summary>uv pip install of a package not in the cache: persist, then link, all under LOCK_SH.</summary>
        private void InstallNew(VenvBuilder venv, Dictionary<string, ArchiveEntry> packages)
        {
            var name = $"w{index}n{_names++}";
            using var _ = SharedCacheLock.Acquire(test._world.Cache.LockPath);
            var entry = test._world.Cache.PersistWheel(Wheel.Named(name, "1.0").WithModule($"{name}/sub.py"));
            Interlocked.Increment(ref test._entriesCreated);
            venv.Install(entry, ModeOf(venv));
            test.Event($"w{index} install new {name} {entry.Id} into {venv.Path}");
            Interlocked.Increment(ref test._installs);
            packages[name] = entry;
            test._pool[name] = entry;
        }

        /// <summary>
        /// uv pip install of a package already in the cache: reuse the entry its pointer names if it
        /// is still there, else persist it again. Prefers packages of a venv just removed (the
        /// <c>rm -rf .venv &amp;&amp; uv sync</c> pattern): entries that were unreferenced a moment ago,
        /// which only gc's rescan under the lock can see are in use again.
        /// </summary>
        private void InstallFromPool(VenvBuilder venv, Dictionary<string, ArchiveEntry> packages)
        {
            string? name = null;
            if (_random.Next(2) == 0 && test._orphaned.TryDequeue(out var orphan) && !packages.ContainsKey(orphan)) name = orphan;
            if (name is null)
            {
                var candidates = test._pool.Keys.Where(p => !packages.ContainsKey(p)).ToList();
                if (candidates.Count == 0)
                {
                    InstallNew(venv, packages);
                    return;
                }
                name = candidates[_random.Next(candidates.Count)];
            }
            using var _ = SharedCacheLock.Acquire(test._world.Cache.LockPath);
            var wanted = test._pool[name];
            var entry = wanted;
            if (!wanted.Exists)
            {
                entry = test._world.Cache.Refresh(wanted); // gone from the cache: uv downloads and persists it again
                Interlocked.Increment(ref test._entriesCreated);
            }
            venv.Install(entry, ModeOf(venv));
            test.Event($"w{index} install pooled {name} {entry.Id} (wanted {wanted.Id}, existed {entry == wanted}) into {venv.Path}");
            Interlocked.Increment(ref test._installs);
            packages[name] = entry;
            test._pool[name] = entry;
        }

        /// <summary>uv pip install --refresh / upgrade: a new id for the package, pointer repointed, reinstalled; the old id is garbage once no venv uses it.</summary>
        private void Refresh(VenvBuilder venv, Dictionary<string, ArchiveEntry> packages)
        {
            var name = packages.Keys.ElementAt(_random.Next(packages.Count));
            using var _ = SharedCacheLock.Acquire(test._world.Cache.LockPath);
            var fresh = test._world.Cache.Refresh(packages[name]);
            Interlocked.Increment(ref test._entriesCreated);
            venv.Uninstall(packages[name].Wheel);
            venv.Install(fresh, ModeOf(venv));
            test.Event($"w{index} refresh {name} {packages[name].Id} -> {fresh.Id} in {venv.Path}");
            Interlocked.Increment(ref test._refreshes);
            packages[name] = fresh;
            test._pool[name] = fresh;
        }

        /// <summary><c>rm -rf .venv</c>: no uv involved, so no lock.</summary>
        private void RemoveVenv(VenvBuilder venv)
        {
            Dictionary<string, ArchiveEntry> packages;
            lock (Venvs)
            {
                packages = Venvs[venv];
                Venvs.Remove(venv);
            }
            venv.Remove();
            test.Event($"w{index} removed {venv.Path} ({string.Join(' ', packages.Select(p => $"{p.Key}={p.Value.Id}"))})");
            foreach (var name in packages.Keys) test._orphaned.Enqueue(name);
            Interlocked.Increment(ref test._venvsRemoved);
        }
    }

    public void Dispose() => _world.Dispose();
}
