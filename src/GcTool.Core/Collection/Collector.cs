using System.Diagnostics;
using GcTool.Core.Cache;
using GcTool.Core.Errors;
using GcTool.Core.Locking;
using GcTool.Core.Platform;
using GcTool.Core.Progress;
using GcTool.Core.Scanning;
using GcTool.Core.Store;

namespace GcTool.Core.Collection;

/// <summary>
/// Mark and sweep under uv's lock. The steps, in order:
/// <list type="number">
/// <item>Refuse to run blind (<see cref="SafetyChecks"/>); take gctool's own per-cache lock (one gc at a time);
/// finish what an interrupted gc left in the trash.</item>
/// <item>Scan the registered roots incrementally, before the lock: the slow part.</item>
/// <item>Take uv's global lock exclusively (flock LOCK_EX on &lt;cache&gt;/.lock), waiting up to --lock-timeout.</item>
/// <item>Under the lock: rescan what changed since step 2, mark, plan; condemn the candidates (their
/// pointers go first) and keep those some other host has not scanned since; record the plan.</item>
/// <item>Sweep under the lock: remove pointers, rename entries into the trash (no deletion yet).</item>
/// <item>Release the lock, then delete the trash.</item>
/// </list>
/// A dry run stops after planning and takes no lock, so it never blocks uv users.
/// </summary>
public sealed class Collector(GcToolContext context)
{
    private readonly DirectoryReader _reader = new(context.FileSystem, context.Stat);

    public GcReport Run(GcRequest request, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        Validate(request);
        SafetyChecks.Check(context, request.Force);

        // Step 1: one gc at a time; finish what an interrupted gc left.
        var trash = new TrashCollector(context);
        string? noTrash = null;
        using var runLock = request.DryRun ? null : TakeRunLock(request, cancellation, out noTrash);
        if (runLock is not null) MarkAbandonedRuns();
        var resumed = request.DryRun ? [] : ResumeInterruptedSweeps(trash);

        // Step 2: the slow scan, before the lock.
        var scanner = new Scanner(context);
        var firstScan = scanner.Scan(new ScanRequest([]), cancellation);
        SafetyChecks.CheckMounts(firstScan, request.Force);
        var pointers = BuildPointerIndex(cancellation, out var indexedEntries);
        if (request.DryRun) return DryRun(request, pointers, firstScan, clock);

        // Steps 3-5, under uv's lock.
        var runId = context.Store.StartGcRun(new GcRunStart(context.NowUnix, false, (long)request.MinAge.TotalSeconds, context.Store.HostId));
        LockedSweep locked;
        try
        {
            locked = SweepUnderLock(request, runId, scanner, pointers, indexedEntries, noTrash, cancellation);
        }
        catch (Exception e)
        {
            var status = e is OperationCanceledException ? GcRunStatus.Interrupted : GcRunStatus.Failed;
            context.Store.FinishGcRun(runId, new GcRunOutcome(context.NowUnix, status, 0, 0, 0, 0, 0, 0, e.Message));
            throw;
        }

        // Step 6: the lock is released; deleting bytes blocks nobody. Interrupted: leave the trash to the next gc.
        var sweep = locked.Sweep;
        var items = sweep.Interrupted ? sweep.Items.ToList() : DeleteTrashed(runId, sweep.Items, trash);
        return Finish(request, runId, locked, items, resumed, firstScan, clock);
    }

    /// <summary>What the part under uv's lock decided and did.</summary>
    private sealed record LockedSweep(GcPlan Plan, SweepResult Sweep, long CondemnPointers, TimeSpan Waited, TimeSpan Held);

    /// <summary>The dry run: the same planner, nothing journaled but the plan, no lock taken.</summary>
    private GcReport DryRun(GcRequest request, PointerIndex pointers, ScanReport firstScan, Stopwatch clock)
    {
        var candidates = PlanNow(request, pointers);
        var plan = Protocol(request, candidates, context.Store.LoadCondemnations(), context.Store.ListHosts(), out _);
        var runId = context.Store.StartGcRun(new GcRunStart(context.NowUnix, true, (long)request.MinAge.TotalSeconds, context.Store.HostId));
        context.Store.RecordPlan(runId, ToRecords(plan.Items));
        context.Store.FinishGcRun(runId, new GcRunOutcome(context.NowUnix, GcRunStatus.DryRun, 0, 0, 0, 0, 0, 0, null));
        return new GcReport(runId, true, plan.Items, [], 0, pointers.Dangling.Count, plan.Kept, 0, TimeSpan.Zero, TimeSpan.Zero,
            clock.Elapsed, firstScan, plan.MaxSize, request.MinAge, request.Policies ?? GcPolicies.None);
    }

    /// <summary>
    /// Steps 3-5: take uv's lock; rescan what changed since step 2; plan; condemn (pointers first);
    /// journal the plan; sweep (pointers, renames into the trash). Nothing here deletes bytes.
    /// </summary>
    private LockedSweep SweepUnderLock(GcRequest request, long runId, Scanner scanner, PointerIndex pointers,
        ArchiveInventory indexedEntries, string? noTrash, CancellationToken cancellation)
    {
        using var lockHandle = context.Locker.AcquireExclusive(context.Cache.RealRoot, request.LockTimeout,
            () => context.Log.Info($"Cache is in use by other uv processes; waiting up to {HumanTime.Format(request.LockTimeout)} for them to finish (raise --lock-timeout to wait longer)"),
            cancellation);
        var heldClock = Stopwatch.StartNew();
        // Nothing uv does can change the cache now; catch up with what changed before we got here.
        var rescan = scanner.Scan(new ScanRequest([]), cancellation);
        SafetyChecks.CheckMounts(rescan, request.Force);
        var rescanned = heldClock.Elapsed;
        if (rescan.EntriesNew > 0 || rescan.EntriesRemoved > 0) pointers = BuildPointerIndex(cancellation, out indexedEntries);
        // The hosts are read before the graph: a scan committed before this read is in the
        // graph below; one committed after it does not count as "scanned since" this time.
        var hosts = context.Store.ListHosts();
        var candidates = PlanNow(request, pointers);
        if (RefreshInodesOfPlannedEntries(candidates, indexedEntries)) candidates = PlanNow(request, pointers);
        // Phase 1 of the protocol: pointers first, so no uv on any host finds a condemned
        // entry once the lock is released; then the condemnation is recorded.
        var sweeper = new Sweeper(context, _reader);
        var condemnPointers = noTrash is not null ? 0 : sweeper.RemovePointersOf(lockHandle, candidates.Items.Select(i => i.Entry), pointers);
        var condemned = context.Store.Condemn(candidates.Items.Select(i => i.Entry).ToList(), context.NowUnix);
        var plan = Protocol(request, candidates, condemned, hosts, out var silent);
        if (silent.Count > 0) throw CondemnationPolicy.SilentHostsRefusal(silent, candidates.Items.Count, context.NowUnix);
        context.Store.RecordPlan(runId, ToRecords(plan.Items));
        var planned = heldClock.Elapsed;
        FaultInjection.Reached("after-plan");
        var sweep = noTrash is null ? sweeper.Sweep(lockHandle, runId, plan.Items, pointers, cancellation) : sweeper.FailAll(runId, plan.Items, noTrash);
        var held = heldClock.Elapsed;
        context.Log.Verbose($"under the lock: rescan {rescanned.TotalMilliseconds:F0} ms, plan {(planned - rescanned).TotalMilliseconds:F0} ms, " +
                            $"sweep {(held - planned).TotalMilliseconds:F0} ms");
        return new LockedSweep(plan, sweep, condemnPointers, lockHandle.Waited, held);
    }

    /// <summary>Records the outcome, forgets deleted entries, and reports; an interrupted run ends with exit 130.</summary>
    private GcReport Finish(GcRequest request, long runId, LockedSweep locked, List<GcPlanItem> items, List<GcPlanItem> resumed, ScanReport firstScan, Stopwatch clock)
    {
        var sweep = locked.Sweep;
        context.Store.RemoveEntries(items.Where(i => i.State == SweepState.Deleted).Select(i => i.Entry).ToList());
        var report = new GcReport(runId, false, items, resumed, sweep.PointersRemoved + locked.CondemnPointers, sweep.DanglingPointersRemoved, locked.Plan.Kept,
            items.Where(i => i.State == SweepState.Deleted).Sum(i => i.FreeableBytes) + resumed.Where(i => i.State == SweepState.Deleted).Sum(i => i.FreeableBytes),
            locked.Waited, locked.Held, clock.Elapsed, firstScan, locked.Plan.MaxSize, request.MinAge, request.Policies ?? GcPolicies.None);
        var status = sweep.Interrupted ? GcRunStatus.Interrupted : report.Failures > 0 ? GcRunStatus.CompletedWithErrors : GcRunStatus.Completed;
        context.Store.FinishGcRun(runId, new GcRunOutcome(context.NowUnix, status, (long)locked.Waited.TotalMilliseconds, (long)locked.Held.TotalMilliseconds,
            items.Count(i => i.State == SweepState.Deleted), report.BytesFreed, report.PointersRemoved + sweep.DanglingPointersRemoved, report.Failures, null));

        if (sweep.Interrupted)
            throw new GcToolException(ExitCode.Interrupted,
                $"gc interrupted: {items.Count(i => i.State == SweepState.Deleted)} of {items.Count} entries deleted, the lock is released; the next gc continues");
        return report;
    }

    /// <summary>
    /// Takes <c>flock(LOCK_EX)</c> on <c>&lt;cache&gt;/.gctool-trash/.lock</c> for the whole run, so two gcs on
    /// one cache (from one host or several, with one database or two) never run at once.
    /// </summary>
    /// <remarks>
    /// uv's lock is not enough: a gc holds it only while it sweeps, and a second gc starting meanwhile
    /// would take the first one's freshly renamed entries for leftovers of a killed run, delete them
    /// and remove its trash directory under it, so the first gc's renames would fail. When the trash
    /// root cannot be created (read-only cache, no space or inodes left) nothing can be swept either:
    /// the run goes on unlocked and the sweep reports every planned entry as failed, touching nothing.
    /// </remarks>
    /// <param name="noTrash">Why no trash directory can exist (read-only cache, no space or inodes): this run then touches nothing.</param>
    private ICacheLock? TakeRunLock(GcRequest request, CancellationToken cancellation, out string? noTrash)
    {
        noTrash = null;
        var trashRoot = context.Cache.TrashRoot;
        var trash = new TrashCollector(context);
        trash.EnsureReal();
        try
        {
            context.FileSystem.Directory.CreateDirectory(trashRoot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            noTrash = $"cannot create the trash directory {trashRoot}: {e.Message}; left untouched";
            context.Log.Warn($"cannot create {trashRoot} ({e.Message}); nothing can be deleted in this run");
            return null;
        }
        trash.EnsureReal(trashRoot);
        try
        {
            return context.Locker.AcquireExclusive(context.Cache.TrashRoot, request.LockTimeout,
                () => context.Log.Info($"another gctool gc is running on this cache; waiting up to {HumanTime.Format(request.LockTimeout)} for it to finish"),
                cancellation);
        }
        catch (LockTimeoutException)
        {
            throw new LockTimeoutException(
                $"another gctool gc held {Path.Combine(context.Cache.TrashRoot, ".lock")} for {HumanTime.Format(request.LockTimeout)}; let it finish, or raise --lock-timeout");
        }
    }

    /// <summary>
    /// Creating the lock file and renaming entries through a symlink planted at the trash root would
    /// write outside the cache (any user of a shared cache can create one), so only a real directory will do.
    /// </summary>
    /// <summary>
    /// What a gc with <paramref name="request"/> would decide now, with the entries it decided on:
    /// the same scan and planner as <see cref="Run"/>, but nothing is journaled or deleted and no
    /// lock is taken (<c>--print-dead</c>, <c>--print-live</c>). <paramref name="rescan"/> false plans
    /// from the last scan, as <c>explain</c> does.
    /// </summary>
    public GcPreview Preview(GcRequest request, bool rescan, CancellationToken cancellation = default)
    {
        Validate(request);
        if (rescan) SafetyChecks.Check(context, request.Force);
        var scan = rescan ? new Scanner(context).Scan(new ScanRequest([]), cancellation) : null;
        if (scan is not null) SafetyChecks.CheckMounts(scan, request.Force);
        var pointers = BuildPointerIndex(cancellation, out _);
        var (plan, inputs) = PlanWithInputs(request, pointers, wholeGraph: true);
        return new GcPreview(plan, inputs, pointers, scan);
    }

    private static void Validate(GcRequest request)
    {
        if (request.MinAge < TimeSpan.Zero) throw new UsageException("--min-age must not be negative");
        if (request.Policies is { MaxSizeBytes: < 0 }) throw new UsageException("--max-size must not be negative");
    }

    /// <summary>Plans from the smaller planning graph: the same decisions, without loading every reference under the lock.</summary>
    private GcPlan PlanNow(GcRequest request, PointerIndex pointers) => PlanWithInputs(request, pointers, wholeGraph: false).Plan;

    /// <param name="wholeGraph">Every reference, for explanations that name each environment; otherwise one edge per referenced entry.</param>
    private (GcPlan Plan, PlanInputs Inputs) PlanWithInputs(GcRequest request, PointerIndex pointers, bool wholeGraph)
    {
        var unmatched = context.Store.LoadUnmatchedHardlinks();
        var entries = context.Store.LoadEntries(withInodes: unmatched.Count > 0);
        var pinned = pointers.PinnedByEnvironments();
        var inputs = new PlanInputs(
            entries,
            wholeGraph ? context.Store.LoadReferenceGraph() : context.Store.LoadPlanningGraph(),
            pinned,
            unmatched,
            context.NowUnix,
            request.MinAge,
            request.Policies,
            request.Policies?.Environments is null ? null : CachedEnvironmentUse.LastUsed(context, pointers, pinned, entries));
        return (Planner.Plan(inputs), inputs);
    }

    /// <summary>Phase 2: of the planner's candidates, those every other active host has scanned since condemning; the rest are kept as condemned.</summary>
    private GcPlan Protocol(GcRequest request, GcPlan candidates, IReadOnlyDictionary<EntryKey, long> condemned, IReadOnlyList<HostRecord> hosts, out IReadOnlyList<HostRecord> silent)
    {
        if (candidates.Items.Count == 0)
        {
            silent = [];
            return candidates;
        }
        var decision = CondemnationPolicy.Decide(candidates.Items, condemned, hosts, context.Store.HostId, context.NowUnix,
            request.SilentHostAfter ?? CondemnationPolicy.DefaultSilentAfter, request.MaxClockSkew ?? CondemnationPolicy.DefaultMaxClockSkew);
        silent = decision.Silent;
        foreach (var waiting in decision.Waiting) context.Log.Verbose($"keeping {waiting.Entry}: {waiting.Reason}");
        if (decision.Waiting.Count == 0) return candidates;
        var kept = new Dictionary<string, long>(candidates.Kept) { [KeepReason.Condemned] = decision.Waiting.Count };
        var keptBy = candidates.KeptBy is null ? null : new Dictionary<EntryKey, string>(candidates.KeptBy);
        if (keptBy is not null) foreach (var waiting in decision.Waiting) keptBy[waiting.Entry] = KeepReason.Condemned;
        return candidates with { Items = decision.Delete, Kept = kept, KeptBy = keptBy };
    }

    /// <summary>
    /// When uv hits the file system's hardlink limit it replaces the archive file, so a venv may hold
    /// an inode the entry's record has never seen. If some environment holds hardlinks no entry
    /// claimed, re-read the planned entries (cheap: only what is about to go) and merge their current
    /// inodes into the record, so the re-plan keeps an entry a venv still hardlinks.
    /// </summary>
    private bool RefreshInodesOfPlannedEntries(GcPlan plan, ArchiveInventory inventory)
    {
        if (plan.Items.Count == 0 || context.Store.LoadUnmatchedHardlinks().Count == 0) return false;
        var reader = new EntryReader(_reader);
        var stored = context.Store.LoadEntries(withInodes: true).ToDictionary(e => e.Key);
        var refreshed = plan.Items
            .Where(i => inventory.Entries.ContainsKey(i.Entry) && stored.ContainsKey(i.Entry))
            .Select(i => reader.Read(inventory.Entries[i.Entry], context.NowUnix, stored[i.Entry], stored[i.Entry].Inodes))
            .ToList();
        context.Store.CommitScan(new ScanCommit(context.NowUnix, refreshed, [], [], [], [], []));
        return true;
    }

    private PointerIndex BuildPointerIndex(CancellationToken cancellation, out ArchiveInventory inventory)
    {
        inventory = ArchiveInventory.List(context.Cache, _reader);
        return PointerIndex.Build(context.Cache, _reader, inventory.Contains, cancellation);
    }

    private List<GcPlanItem> DeleteTrashed(long runId, IReadOnlyList<GcPlanItem> swept, TrashCollector trash)
    {
        var directory = Sweeper.TrashDirectory(context.Cache, runId);
        var items = new List<GcPlanItem>(swept.Count);
        var updates = new List<SweepUpdate>();
        var total = swept.Count(i => i.State == SweepState.Trashed);
        long bytes = 0;
        context.Progress.Report(new WorkProgress(WorkStage.Deleting, 0, total));
        foreach (var item in swept)
        {
            if (item.State != SweepState.Trashed)
            {
                items.Add(item);
                continue;
            }
            var done = DeleteOne(item, Sweeper.TrashPath(directory, item.Entry), trash);
            items.Add(done);
            updates.Add(new SweepUpdate(done.Entry, done.State, null, done.Error));
            if (done.State == SweepState.Deleted) bytes += done.FreeableBytes;
            context.Progress.Report(new WorkProgress(WorkStage.Deleting, updates.Count, total, bytes));
        }
        context.Store.UpdateSweepStates(runId, updates);
        trash.TryRemoveEmpty(directory);
        trash.TryRemoveEmpty(context.Cache.TrashRoot);
        return items;
    }

    private static GcPlanItem DeleteOne(GcPlanItem item, string path, TrashCollector trash)
    {
        var deletion = trash.Delete(path);
        return deletion.Completed
            ? item with { State = SweepState.Deleted, FreeableBytes = deletion.BytesFreed }
            : item with { State = SweepState.Failed, Error = deletion.Error };
    }

    /// <summary>
    /// A gc that was killed or crashed never recorded how its run ended, so history and <c>status</c>
    /// would show it running forever. Holding the run lock proves no gc of this host is running now.
    /// </summary>
    private void MarkAbandonedRuns()
    {
        var count = context.Store.MarkAbandonedRuns(context.NowUnix,
            "the gctool process ended before this run finished (killed or crashed); the next gc finished its work");
        if (count > 0) context.Log.Verbose($"recorded {count} earlier gc run(s) that never finished as interrupted");
    }

    /// <summary>
    /// A gc killed mid-sweep leaves entries in the trash (invisible to uv, so no lock is needed to
    /// finish them) and perhaps entries whose pointers are gone but which are still whole: those are
    /// simply planned again by this run. An item journaled as PointersRemoved may already have been
    /// renamed (a kill between the renames and the journal write): it is looked for in its run's
    /// trash directory, and reported as deleted when found there.
    /// </summary>
    /// <remarks>Runs under the run lock (<see cref="TakeRunLock"/>): no other gc is sweeping meanwhile.</remarks>
    private List<GcPlanItem> ResumeInterruptedSweeps(TrashCollector trash)
    {
        var resumed = new List<GcPlanItem>();
        var journaled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in context.Store.LoadUnfinishedSweeps())
        {
            var planItem = new GcPlanItem(item.Entry, null, null, item.Bytes, item.FreeableBytes, "resumed from an interrupted gc", item.State, null);
            var path = item.State == SweepState.Trashed ? item.TrashPath : RenamedBeforeTheKill(item);
            if (path is not null)
            {
                journaled.Add(path);
                resumed.Add(DeleteOne(planItem, path, trash));
            }
            else
            {
                resumed.Add(planItem with { State = SweepState.Skipped, Error = "interrupted before its rename; planned again by this gc" });
            }
            context.Store.UpdateSweepState(item.RunId, item.Entry, resumed[^1].State, null, resumed[^1].Error);
        }
        foreach (var orphan in trash.DeleteOrphans(journaled))
            context.Log.Verbose($"deleted leftover trash {orphan.Path}");
        context.Store.RemoveEntries(resumed.Where(r => r.State == SweepState.Deleted).Select(r => r.Entry).ToList());
        return resumed;
    }

    private string? RenamedBeforeTheKill(GcJournalItem item)
    {
        if (item.State != SweepState.PointersRemoved) return null;
        var path = Sweeper.TrashPath(Sweeper.TrashDirectory(context.Cache, item.RunId), item.Entry);
        return context.Stat.TryLStat(path) is null ? null : path;
    }

    private static List<GcPlanItemRecord> ToRecords(IReadOnlyList<GcPlanItem> items) =>
        items.Select(i => new GcPlanItemRecord(i.Entry, i.DistName, i.DistVersion, i.Bytes, i.FreeableBytes, i.Reason)).ToList();
}
