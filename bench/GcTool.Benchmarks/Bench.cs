using System.Diagnostics;

namespace GcTool.Benchmarks;

/// <summary>
/// The measurements, in the order they depend on each other: a cold scan into a fresh database, the
/// incremental rescans, gc with nothing and with 1% changed, the sweep, then database size and audit.
/// Every gctool figure is paired with a baseline measured in this same run.
/// </summary>
/// <param name="environments">The venvs in use: the first N, in the roots that hold exactly them (<see cref="CorpusGenerator.RootsFor"/>).</param>
public sealed class Bench(string corpusDir, CorpusSpec spec, CorpusGenerator corpus, int environments, bool dropCaches, Action<string> log, string gctoolBinary)
{
    private readonly string _runDir = Path.Combine(corpusDir, "run");
    private readonly IReadOnlyList<string> _roots = corpus.RootsFor(environments);
    private string Database => Path.Combine(_runDir, "gctool.db");
    private string FloorCommand => $"find {string.Join(' ', _roots.Select(r => $"'{r}'"))} '{corpus.Cache}' -printf '%i %n %l\\n' > /dev/null";
    private string[] ScanOfRoots => ["scan", "--json", .. _roots];

    /// <summary>
    /// One point of the series: the floor and a cold scan into a fresh database, the rescans, gc's time under
    /// the lock, database size and peak RSS, with the load average around it. Repeatable figures (the floor and
    /// the cold scan, in turns; the no-change rescan and gc) are the best of a few runs; the 1% rescan happens once.
    /// </summary>
    public ScalingPoint MeasurePoint(string name, long links)
    {
        ResetRunDirectory();
        var loadBefore = LoadAverage.Read();
        var gctool = new GcToolRunner(gctoolBinary, corpus.Cache, Database);
        long peakRss = 0;
        GcToolRun Track(GcToolRun run) { peakRss = Math.Max(peakRss, run.PeakRssKb); return run; }

        // The floor and the cold scan are measured alike and in turns, each the best of two after a warm-up walk:
        // a single cold scan against the best of two floors put a slow moment of a shared machine on the scan's
        // side only (on one machine the floor alone moved 10.6-14.5 s between runs).
        Shell.Time(FloorCommand);
        var floor = TimeSpan.MaxValue;
        GcToolRun? cold = null;
        for (var round = 0; round < 2; round++)
        {
            var walk = Shell.Time(FloorCommand);
            if (walk < floor) floor = walk;
            ResetRunDirectory();
            var scan = Track(gctool.Check(ScanOfRoots));
            log($"{name}: floor walk (warm) {ResultTable.Ms(walk)}, cold scan {ResultTable.Ms(scan.Elapsed)}, {scan.PeakRssKb / 1024} MB");
            if (cold is null || scan.Elapsed < cold.Elapsed) cold = scan;
        }
        log($"{name}: best floor {ResultTable.Ms(floor)}, best cold scan {ResultTable.Ms(cold!.Elapsed)} ({cold.Elapsed / floor:F2}× the floor)");
        var noChange = Best(3, () => Track(gctool.Check("scan", "--json")).Elapsed);
        ChangeOnePercent();
        var onePercent = Track(gctool.Check("scan", "--json")).Elapsed;
        log($"{name}: rescans: nothing changed {ResultTable.Ms(noChange)} ({noChange / cold.Elapsed:P1} of the cold scan), 1% {ResultTable.Ms(onePercent)}");
        var heldNothing = Best(3, () => TimeSpan.FromMilliseconds(Track(gctool.Check("gc", "--json")).JsonLong("lock_held_ms")));
        var (gcChanged, _) = GcWithChangesWhileWaiting(gctool);
        var heldChanged = TimeSpan.FromMilliseconds(Track(gcChanged).JsonLong("lock_held_ms"));
        log($"{name}: gc lock held: nothing changed {ResultTable.Ms(heldNothing)}, 1% changed while waiting {ResultTable.Ms(heldChanged)}; peak RSS {peakRss / 1024} MB");
        return new ScalingPoint(name, spec.Layout, environments, links, floor, cold.Elapsed, noChange, onePercent,
            heldNothing, heldChanged, peakRss, DatabaseBytes(), loadBefore, LoadAverage.Read());
    }

    public ResultTable RunAll()
    {
        var table = new ResultTable();
        ResetRunDirectory();
        var gctool = new GcToolRunner(gctoolBinary, corpus.Cache, Database);
        long peakRss = 0;
        GcToolRun Track(GcToolRun run) { peakRss = Math.Max(peakRss, run.PeakRssKb); return run; }
        RunScansAndGc(table, gctool, Track);
        AddSizeAndAudit(table, gctool, peakRss);
        return table;
    }

    /// <summary>Only the database size and audit rows, against the database a previous full run left in DIR/run.</summary>
    public ResultTable RunAuditOnly()
    {
        if (!File.Exists(Database)) throw new InvalidOperationException($"no database at {Database}; run the full benchmark first");
        var table = new ResultTable();
        AddSizeAndAudit(table, new GcToolRunner(gctoolBinary, corpus.Cache, Database), peakRss: -1024);
        return table;
    }

    private void RunScansAndGc(ResultTable table, GcToolRunner gctool, Func<GcToolRun, GcToolRun> Track)
    {

        // 1. Floor and cold full scan, page cache warm (both after one warm-up walk).
        var floorCommand = FloorCommand;
        Shell.Time(floorCommand);
        var floor = Best(2, () => Shell.Time(floorCommand));
        log($"floor walk (warm): {ResultTable.Ms(floor)}");
        var full = Track(gctool.Check(ScanOfRoots));
        log($"full scan (fresh db, warm page cache): {ResultTable.Ms(full.Elapsed)}, {full.PeakRssKb / 1024} MB");
        table.AddTime("Full scan, fresh db, warm page cache", full.Elapsed, "`find` floor", floor, "≤ 1.5×");

        // 1b. The same with the page cache dropped, when this machine lets us.
        if (dropCaches && TryDropCaches())
        {
            var floorCold = Shell.Time(floorCommand);
            TryDropCaches();
            ResetRunDirectory();
            var fullCold = Track(gctool.Check(ScanOfRoots));
            log($"cold cache: floor {ResultTable.Ms(floorCold)}, full scan {ResultTable.Ms(fullCold.Elapsed)}");
            table.AddTime("Full scan, fresh db, page cache dropped", fullCold.Elapsed, "`find` floor (dropped)", floorCold, "≤ 1.5×");
        }
        else
        {
            table.Add("Full scan, page cache dropped", "n/a", dropCaches ? "drop_caches not permitted here" : "skipped (--warm-only)");
        }

        // 2. Incremental rescans.
        var nothing = Track(gctool.Check("scan", "--json"));
        table.AddTime("Rescan, nothing changed", nothing.Elapsed, "full scan", full.Elapsed, "< 2%");
        var changed = ChangeOnePercent();
        var onePercent = Track(gctool.Check("scan", "--json"));
        table.AddTime($"Rescan, 1% of envs changed ({changed})", onePercent.Elapsed, "full scan", full.Elapsed, "");
        log($"rescans: nothing {ResultTable.Ms(nothing.Elapsed)}, 1% {ResultTable.Ms(onePercent.Elapsed)}");

        // 3. gc: time under the exclusive lock.
        var gcNothing = Track(gctool.Check("gc", "--json"));
        var heldNothing = TimeSpan.FromMilliseconds(gcNothing.JsonLong("lock_held_ms"));
        table.Add("gc, nothing changed: lock held", ResultTable.Ms(heldNothing), $"gc wall {ResultTable.Ms(gcNothing.Elapsed)}", "", "< 1 s");
        var (gcChanged, changedUnderLock) = GcWithChangesWhileWaiting(gctool);
        Track(gcChanged);
        var heldChanged = TimeSpan.FromMilliseconds(gcChanged.JsonLong("lock_held_ms"));
        table.Add($"gc, 1% of envs changed while it waited ({changedUnderLock}): lock held", ResultTable.Ms(heldChanged),
            $"gc wall {ResultTable.Ms(gcChanged.Elapsed)}", "", "scales with change");
        log($"gc lock held: nothing {ResultTable.Ms(heldNothing)}, 1% {ResultTable.Ms(heldChanged)}");

        // 4. Sweep of unreferenced entries vs rm -rf of an identical copy.
        var (sweepEntries, sweepFiles) = AddSweepSet();
        Track(gctool.Check("scan", "--json"));
        Shell.Check("sync");
        var gcSweep = Track(gctool.Check("gc", "--json", "--min-age", "0s"));
        Shell.Check("sync");
        var rm = Shell.Check("rm", "-rf", "--", SweepCopy).Elapsed;
        var heldSweep = TimeSpan.FromMilliseconds(gcSweep.JsonLong("lock_held_ms"));
        table.AddTime($"gc sweep of {sweepEntries:N0} unreferenced entries ({sweepFiles:N0} files), whole gc", gcSweep.Elapsed, "`rm -rf` of a copy", rm, "≤ 1.3×");
        table.Add("… of which lock held (renames only)", ResultTable.Ms(heldSweep), "", "", "independent of bytes");
        log($"sweep: gc {ResultTable.Ms(gcSweep.Elapsed)} (held {ResultTable.Ms(heldSweep)}), rm -rf {ResultTable.Ms(rm)}");

    }

    private void AddSizeAndAudit(ResultTable table, GcToolRunner gctool, long peakRss)
    {
        // 5. Size, memory, audit.
        var dbBytes = DatabaseBytes();
        table.Add("Database size", $"{dbBytes / 1024.0 / 1024.0:F1} MB", "", "", "");
        if (peakRss >= 0) table.Add("Peak RSS of any gctool process above", $"{peakRss / 1024} MB", "", "", "< 300 MB");
        var startup = Best(3, () => gctool.Check("--version").Elapsed);
        var auditEntry = Best(3, () => gctool.Check("audit", "entry", "--json", "--", corpus.EntryId(0)).Elapsed);
        var auditEnv = Best(3, () => gctool.Check("audit", "env", "--json", corpus.Environment(1)).Elapsed);
        table.Add("`audit entry` (process wall, best of 3)", ResultTable.Ms(auditEntry), $"`gctool --version` {ResultTable.Ms(startup)}", $"+{ResultTable.Ms(auditEntry - startup)}", "< 50 ms beyond startup");
        table.Add("`audit env` (process wall, best of 3)", ResultTable.Ms(auditEnv), $"`gctool --version` {ResultTable.Ms(startup)}", $"+{ResultTable.Ms(auditEnv - startup)}", "< 50 ms beyond startup");
        var (entryQuery, envQuery) = AuditQueriesInProcess();
        table.Add("`audit entry` store queries, in process (median of 20)", $"{entryQuery.TotalMilliseconds:F2} ms", "", "", "< 50 ms");
        table.Add("`audit env` store queries, in process (median of 20)", $"{envQuery.TotalMilliseconds:F2} ms", "", "", "< 50 ms");
    }

    /// <summary>
    /// The queries behind <c>audit entry</c> and <c>audit env</c> (find the row, then its uses), timed on an open
    /// store after a warm-up: what an index does, without the .NET process start and JIT the wall times include.
    /// </summary>
    private (TimeSpan Entry, TimeSpan Env) AuditQueriesInProcess()
    {
        using var store = GcTool.Store.Sqlite.SqliteGcStore.Open(Database);
        var id = GcTool.Core.Cache.EntryId.Parse(corpus.EntryId(0));
        var env = new GcTool.Core.Environments.EnvPath(corpus.Environment(1));
        TimeSpan Median(Action query)
        {
            query();
            var times = Enumerable.Range(0, 20).Select(_ => { var c = Stopwatch.StartNew(); query(); return c.Elapsed; }).Order().ToList();
            return times[times.Count / 2];
        }
        var entry = Median(() => { store.FindEntry(id); store.UsersOfEntry(id); });
        var environment = Median(() => { store.FindEnvironment(env); store.UsesOfEnvironment(env); });
        return (entry, environment);
    }

    private long DatabaseBytes() => new[] { "", "-wal", "-shm" }.Select(s => Database + s).Where(File.Exists).Sum(f => new FileInfo(f).Length);

    private static TimeSpan Best(int runs, Func<TimeSpan> measure) => Enumerable.Range(0, runs).Select(_ => measure()).Min();

    private void ResetRunDirectory()
    {
        if (Directory.Exists(_runDir)) Directory.Delete(_runDir, recursive: true);
        Directory.CreateDirectory(_runDir);
    }

    private bool TryDropCaches()
    {
        try
        {
            Shell.Check("sync");
            File.WriteAllText("/proc/sys/vm/drop_caches", "3");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log($"cannot drop the page cache ({e.Message}); reporting warm-cache figures only");
            return false;
        }
    }

    /// <summary>Installs or uninstalls one extra package in every 100th venv (toggling, so runs can repeat); returns a description.</summary>
    private string ChangeOnePercent()
    {
        var envs = Enumerable.Range(0, environments).Where(i => i % 100 == 0).ToList();
        var installs = 0;
        foreach (var env in envs)
        {
            var venv = corpus.Environment(env);
            var extra = (env * spec.PackagesPerEnvironment + spec.PackagesPerEnvironment) % spec.Entries;
            var distInfo = Path.Combine(CorpusGenerator.SitePackages(venv), WheelShape.For(extra).DistInfo);
            if (Directory.Exists(distInfo)) CorpusGenerator.Uninstall(venv, extra);
            else
            {
                corpus.Install(venv, extra, corpus.IsSymlinkMode(env));
                installs++;
            }
        }
        return $"{envs.Count} envs: {installs} installs, {envs.Count - installs} uninstalls";
    }

    /// <summary>
    /// Holds uv's lock shared (as a running uv command does), starts gc, and once gc reports it is
    /// waiting for the lock, changes 1% of the venvs and releases the lock: gc's rescan under the lock
    /// then has exactly that much to catch up with.
    /// </summary>
    private (GcToolRun Run, string Changed) GcWithChangesWhileWaiting(GcToolRunner gctool)
    {
        var fd = Native.Open(Path.Combine(corpus.Cache, ".lock"), 0, 0);
        if (fd < 0 || Native.Flock(fd, Native.LockSh) != 0) throw new IOException("cannot take the cache lock shared");
        string changed;
        Process process;
        var stderr = new System.Text.StringBuilder();
        try
        {
            process = gctool.Start("gc", "--json");
            var waiting = new TaskCompletionSource();
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (stderr) stderr.AppendLine(e.Data);
                if (e.Data.Contains("waiting", StringComparison.OrdinalIgnoreCase)) waiting.TrySetResult();
            };
            process.BeginErrorReadLine();
            if (!waiting.Task.Wait(TimeSpan.FromMinutes(10))) throw new TimeoutException("gc never reported waiting for the lock");
            changed = ChangeOnePercent();
        }
        finally
        {
            Native.Flock(fd, Native.LockUn);
            Native.Close(fd);
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        process.WaitForExit();
        string errors;
        lock (stderr) errors = stderr.ToString();
        var run = gctool.Finish(process, stdout, errors);
        if (run.ExitCode != 0) throw new InvalidOperationException($"gc exited {run.ExitCode}: {run.Stderr}");
        return (run, changed);
    }

    private string SweepCopy => Path.Combine(corpusDir, "rm-copy");

    /// <summary>Adds unreferenced entries (with their wheels-v6 pointers) to the cache, and the same trees to a copy for rm -rf.</summary>
    private (int Entries, long Files) AddSweepSet()
    {
        var salt = Environment.TickCount;
        if (Directory.Exists(SweepCopy)) Shell.Check("rm", "-rf", "--", SweepCopy);
        Directory.CreateDirectory(Path.Combine(SweepCopy, "archive-v0"));
        long files = 0;
        Parallel.For(0, spec.SweepEntries, CorpusGenerator.Options, i =>
        {
            var shape = WheelShape.For(100_000 + i, "unref");
            var id = corpus.EntryId(100_000 + i, salt);
            CorpusGenerator.WriteEntry(corpus.Cache, shape, id, spec.Layout);
            CorpusGenerator.WriteEntry(SweepCopy, shape, id, spec.Layout);
            Interlocked.Add(ref files, shape.Files.Count);
        });
        return (spec.SweepEntries, files);
    }
}
