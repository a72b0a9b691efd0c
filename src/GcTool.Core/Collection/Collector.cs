using System.Diagnostics;
using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Errors;
using GcTool.Core.Locking;
using GcTool.Core.Pins;
using GcTool.Core.Platform;
using GcTool.Core.Progress;
using GcTool.Core.Reclaim;
using GcTool.Core.Scanning;
using GcTool.Core.Store;

namespace GcTool.Core.Collection;

/// <summary>
/// Mark and sweep under uv's lock. The steps, in order:
/// <list type="number">
/// <item>Refuse to run blind (<see cref="SafetyChecks"/>); take gctool's own per-cache lock (one gc at a time);
/// finish what an interrupted gc left in the trash.</item>
/// <item>Scan the registered roots incrementally, before the lock: the slow part. Survey what uv's own prune
/// would remove besides entries (stale buckets, staging leftovers, stale sdist revisions: <see cref="CacheSurveyor"/>)
/// and plan it (<see cref="ReclaimPlanner"/>), also before the lock.</item>
/// <item>Take uv's global lock exclusively (flock LOCK_EX on &lt;cache&gt;/.lock), waiting up to --lock-timeout.</item>
/// <item>Under the lock: rescan what changed since step 2, mark, plan; condemn the candidates (their
/// pointers go first) and keep those some other host has not scanned since; record the plan.</item>
/// <item>Sweep under the lock: remove pointers, rename entries into the trash (no deletion yet); then re-check
/// the planned reclaim directories (directory mtimes only) and rename them into the trash too. Entries go
/// first: they were planned from a pointer index that still saw the stale pointer buckets.</item>
/// <item>Release the lock, then delete the trash.</item>
/// <item>Content-addressed layout: list the <c>files-v0</c> objects nothing links any more, and remove them
/// under uv's lock, taken again briefly (<see cref="UnlinkedObjectCollector"/>): only then is the disk freed.</item>
/// </list>
/// A dry run stops after planning and takes no lock, so it never blocks uv users.
/// </summary>
public sealed class Collector(GcToolContext context)
{
    // The roles of the store this service uses; it sees no other.
    private IGcJournal Journal => context.Store;
    private IHostRegistry Hosts => context.Store;
    private IStoreQueries Graph => context.Store;

    private readonly DirectoryReader _reader = new(context.FileSystem, context.Stat);

    public GcReport Run(GcRequest request, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        Validate(request);
        SafetyChecks.Check(context, request.Force);

        // Step 1: one gc at a time; finish what an interrupted gc left. Everything on the cache goes
        // through handles opened from this one, opened once by the operator's path.
        string? noTrash = null;
        using var root = request.DryRun ? null : CacheRootHandle.Open(context.Cache);
        using var trash = root is null ? null : Trash.Open(context.Cache, context.Log, root, request.LockTimeout, cancellation, out noTrash);
        if (trash is not null) MarkAbandonedRuns();
        List<TrashDeletion> resumedReclaim = [];
        var resumed = trash is null ? [] : ResumeInterruptedSweeps(trash, resumedReclaim, cancellation);

        // Step 2: the slow scan, before the lock.
        var scanner = new Scanner(context);
        var firstScan = scanner.Scan(new ScanRequest([]), cancellation);
        SafetyChecks.CheckMounts(firstScan, request.Force);
        var pointers = BuildPointerIndex(cancellation, out var indexedEntries);
        var reclaim = PlanReclaim(request, cancellation);
        if (request.DryRun) return DryRun(request, pointers, indexedEntries, firstScan, clock, reclaim);

        // Steps 3-5, under uv's lock.
        var runId = Journal.StartGcRun(new GcRunStart(context.NowUnix, false, (long)request.MinAge.TotalSeconds, Hosts.HostId));
        LockedSweep locked;
        try
        {
            locked = SweepUnderLock(request, runId, scanner, firstScan, pointers, indexedEntries, reclaim, root!, trash, noTrash, cancellation);
        }
        catch (Exception e)
        {
            var status = e is OperationCanceledException ? GcRunStatus.Interrupted : GcRunStatus.Failed;
            Journal.FinishGcRun(runId, GcRunOutcome.Ended(context.NowUnix, status, e.Message));
            throw;
        }

        // Step 6: the lock is released; deleting bytes blocks nobody. Interrupted: leave the trash to the next gc.
        using var run = locked.Run;
        var sweep = locked.Sweep;
        var reclaimed = sweep.Interrupted || run is null ? locked.Reclaimed : new Reclaimer(root!).Delete(locked.Reclaimed, run, cancellation);
        var items = sweep.Interrupted || run is null ? sweep.Items.ToList() : DeleteTrashed(runId, sweep.Items, trash!, run);

        // Step 7: what nothing links any more in files-v0, under the lock again.
        var objects = sweep.Interrupted || run is null ? ObjectSweep.None : CollectUnlinkedObjects(request, root!, cancellation);
        var reclaimReport = new ReclaimReport(reclaimed, reclaim.Kept, resumedReclaim, locked.ReclaimHeld);
        return Finish(request, runId, locked, items, resumed, objects, firstScan, clock, reclaimReport);
    }

    /// <summary>What the part under uv's lock decided and did.</summary>
    /// <param name="Reclaimed">The planned reclaim directories, renamed into the trash (or why not).</param>
    /// <param name="ReclaimHeld">The part of <paramref name="Held"/> spent re-checking and renaming them.</param>
    private sealed record LockedSweep(GcPlan Plan, SweepResult Sweep, long CondemnPointers, TimeSpan Waited, TimeSpan Held, TrashRun? Run,
        List<ReclaimOutcome> Reclaimed, TimeSpan ReclaimHeld);

    /// <summary>
    /// Step 2, after the pointer index: survey the cache root (walking the stale directories' files, without
    /// the lock) and plan what uv's prune would remove besides entries.
    /// </summary>
    public ReclaimPlan PlanReclaim(GcRequest request, CancellationToken cancellation)
    {
        var survey = new CacheSurveyor(context.Cache, _reader).Take(cancellation);
        return ReclaimPlanner.Plan(survey, context.NowUnix, request.MinAge, request.Policies?.KeepStaleBuckets ?? false);
    }

    /// <summary>The dry run: the same planner, nothing journaled but the plan, no lock taken.</summary>
    private GcReport DryRun(GcRequest request, PointerIndex pointers, ArchiveInventory inventory, ScanReport firstScan, Stopwatch clock, ReclaimPlan reclaim)
    {
        var candidates = PlanNow(request, pointers);
        SafetyChecks.CheckNothingUnread([firstScan], candidates.Items.Count, request.Force);
        var plan = Protocol(request, candidates, Hosts.LoadCondemnations(), Hosts.ListHosts()).Plan;
        plan = plan with { Items = SharedObjectAccounting.EstimateFreeable(plan.Items, inventory, _reader, ContentStore.Inodes(context.Cache, _reader)) };
        var runId = Journal.StartGcRun(new GcRunStart(context.NowUnix, true, (long)request.MinAge.TotalSeconds, Hosts.HostId));
        Journal.RecordPlan(runId, ToRecords(plan.Items));
        Journal.FinishGcRun(runId, GcRunOutcome.Ended(context.NowUnix, GcRunStatus.DryRun) with { CacheBytesBefore = Graph.LoadStatistics().CacheBytes });
        var unlinked = new UnlinkedObjectCollector(context).FindUnlinked();
        var objects = ObjectSweep.None with { Removed = unlinked.Count, BytesFreed = unlinked.Sum(o => o.Status.Size) };
        return new GcReport(runId, DryRun: true, plan.Items.Select(RemovalOutcome.Pending).ToList(), Resumed: [], PointersRemoved: 0, pointers.Dangling.Count, plan.Kept,
            BytesFreed: 0, LockWaited: TimeSpan.Zero, LockHeld: TimeSpan.Zero, clock.Elapsed, firstScan, plan.PlannedAt, plan.MaxSize, request.MinAge, request.Policies ?? GcPolicies.None, objects,
            Reclaim: ReclaimReport.Planned(reclaim));
    }

    /// <summary>
    /// Steps 3-5: take uv's lock; rescan what changed since step 2; plan; condemn (pointers first);
    /// journal the plan; sweep (pointers, renames into the trash). Nothing here deletes bytes.
    /// </summary>
    private LockedSweep SweepUnderLock(GcRequest request, long runId, Scanner scanner, ScanReport firstScan, PointerIndex pointers,
        ArchiveInventory indexedEntries, ReclaimPlan reclaim, CacheRootHandle root, Trash? trash, string? noTrash, CancellationToken cancellation)
    {
        var (lockHandle, waited) = AcquireUvLockCaughtUp(request, scanner, cancellation);
        using var _ = lockHandle;
        var heldClock = Stopwatch.StartNew();
        // Nothing uv does can change the cache now; catch up with what changed before we got here.
        var rescan = scanner.Scan(new ScanRequest([]), cancellation);
        SafetyChecks.CheckMounts(rescan, request.Force);
        var rescanned = heldClock.Elapsed;
        if (rescan.EntriesNew > 0 || rescan.EntriesRemoved > 0) pointers = BuildPointerIndex(cancellation, out indexedEntries);
        // The hosts are read before the graph: a scan committed before this read is in the
        // graph below; one committed after it does not count as "scanned since" this time.
        var hosts = Hosts.ListHosts();
        var (candidates, inputs) = PlanWithInputs(request, pointers, wholeGraph: false);
        if (new PlannedEntryInodeRefresh(context, _reader).Refresh(candidates, indexedEntries)) (candidates, inputs) = PlanWithInputs(request, pointers, wholeGraph: false);
        SafetyChecks.CheckNothingUnread([firstScan, rescan], candidates.Items.Count, request.Force);
        // This run's trash directory first: where it cannot be made (no space or inodes), nothing is touched, not even pointers.
        var run = trash?.OpenRun(runId, out noTrash);
        try
        {
            // Pins follow the plan before anything is deleted: what is referenced and stays gets one, and
            // a candidate loses its own, so no pin is left pointing at an entry this run deletes.
            // The reclaim directories are re-checked before any pointer goes (removing one changes its directory's mtime).
            var reclaimer = new Reclaimer(root);
            var reclaimStart = heldClock.Elapsed;
            var reclaimChanges = reclaimer.Recheck(lockHandle, reclaim.Items);
            var reclaimChecked = heldClock.Elapsed - reclaimStart;
            if (request.Pins != PinMode.Leave && run is not null) SyncPins(lockHandle, request.Pins, inputs, candidates, indexedEntries);
            // Phase 1 of the protocol: pointers first, so no uv on any host finds a condemned
            // entry once the lock is released; then the condemnation is recorded.
            using var sweeper = new Sweeper(context, root);
            var condemnPointers = run is null ? 0 : sweeper.RemovePointersOf(lockHandle, candidates.Items.Select(i => i.Entry), pointers);
            var condemned = Hosts.Condemn(candidates.Items.Select(i => i.Entry).ToList(), context.NowUnix);
            var (plan, _, silent) = Protocol(request, candidates, condemned, hosts);
            if (silent.Count > 0) throw CondemnationPolicy.SilentHostsRefusal(silent, candidates.Items.Count, context.NowUnix);
            Journal.RecordPlan(runId, ToRecords(plan.Items));
            var planned = heldClock.Elapsed;
            FaultInjection.Reached("after-plan");
            var sweep = run is null
                ? Sweeper.FailAll(context, runId, plan.Items, noTrash)
                : sweeper.Sweep(lockHandle, runId, plan.Items, pointers, run, cancellation);
            var swept = heldClock.Elapsed;
            // After the entries: they were planned from pointers that may lie in a stale bucket about to go.
            var reclaimed = run is null || sweep.Interrupted
                ? reclaim.Items.Select(i => new ReclaimOutcome(i, SweepState.Skipped, 0, run is null ? new ReclaimProblem(ReclaimProblemKind.NoTrash, noTrash) : new ReclaimProblem(ReclaimProblemKind.SweepInterrupted))).ToList()
                : reclaimer.MoveToTrash(lockHandle, reclaim.Items, reclaimChanges, run, cancellation);
            var held = heldClock.Elapsed;
            context.Log.Verbose($"under the lock: rescan {rescanned.TotalMilliseconds:F0} ms ({rescan.EnvironmentsRescanned} environments re-read), plan {(planned - rescanned).TotalMilliseconds:F0} ms, " +
                                $"sweep {(swept - planned).TotalMilliseconds:F0} ms, reclaim {(held - swept + reclaimChecked).TotalMilliseconds:F1} ms ({reclaim.Items.Count} directories)");
            return new LockedSweep(plan, sweep, condemnPointers, waited, held, run, reclaimed, held - swept + reclaimChecked);
        }
        catch
        {
            run?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Step 3: take uv's lock exclusively. When it was busy, uv commands were installing while gc waited, and
    /// what they changed would be re-read under the lock, making every uv command wait for gc to read it (on a
    /// cache larger than the page cache, from disk). So once the lock is had after a wait, gc lets it go, catches
    /// up with a rescan, and takes it again: the rescan under the lock then reads only what changed in between.
    /// Once only, so a busy cache cannot keep gc catching up forever; each wait is bounded by --lock-timeout.
    /// What changed within the racy window is read twice before the lock, the second time once it is past it.
    /// </summary>
    /// <returns>The lock, and how long gc waited for it in all.</returns>
    private (ICacheLock Lock, TimeSpan Waited) AcquireUvLockCaughtUp(GcRequest request, Scanner scanner, CancellationToken cancellation)
    {
        var busy = false;
        var first = AcquireUvLock(request, () => busy = true, cancellation);
        if (!busy) return (first, first.Waited);
        var waited = first.Waited;
        first.Dispose();
        var catchUpStart = context.Clock.GetUtcNow();
        var catchUp = CatchUp(request, scanner, cancellation);
        var settled = "";
        if (catchUp.EnvironmentsRescanned > 0)
        {
            // What was just re-read changed moments ago, so its fingerprint is racy (it may change again within
            // the same timestamp tick) and the rescan under the lock would read all of it again. Wait out the
            // racy window, still without the lock, and read it once more: trusted now, it is not read under the lock.
            var settle = TimeSpan.FromTicks(EnvironmentFingerprint.RacyWindowNs / 100) - (context.Clock.GetUtcNow() - catchUpStart);
            if (settle > TimeSpan.Zero && cancellation.WaitHandle.WaitOne(settle)) cancellation.ThrowIfCancellationRequested();
            var again = CatchUp(request, scanner, cancellation);
            settled = $", then {again.EnvironmentsRescanned} once they were past the racy window";
        }
        context.Log.Verbose($"the lock was busy for {waited.TotalMilliseconds:F0} ms: let it go to catch up before holding it " +
                            $"({catchUp.EnvironmentsRescanned} environments re-read in {catchUp.Elapsed.TotalMilliseconds:F0} ms{settled})");
        var second = AcquireUvLock(request, null, cancellation);
        return (second, waited + second.Waited);
    }

    private ScanReport CatchUp(GcRequest request, Scanner scanner, CancellationToken cancellation)
    {
        var scan = scanner.Scan(new ScanRequest([]), cancellation);
        SafetyChecks.CheckMounts(scan, request.Force);
        return scan;
    }

    private ICacheLock AcquireUvLock(GcRequest request, Action? onBusy, CancellationToken cancellation) =>
        context.Locker.AcquireExclusive(context.Cache.RealRoot, request.LockTimeout, () =>
        {
            onBusy?.Invoke();
            context.Log.Info($"Cache is in use by other uv processes; waiting up to {HumanTime.Format(request.LockTimeout)} for them to finish (raise --lock-timeout to wait longer)");
        }, cancellation);

    /// <summary>
    /// Under the exclusive lock: pins become the referenced entries that are in the cache and not planned
    /// (a cached venv the plan deletes takes the entries only it used along). A failure here never fails
    /// the gc: pins only protect against uv's own prune, and the next scan or gc tries again.
    /// </summary>
    private void SyncPins(ICacheLock held, PinMode mode, PlanInputs inputs, GcPlan candidates, ArchiveInventory present)
    {
        var planned = candidates.Items.Select(i => i.Entry).ToHashSet();
        var wanted = mode == PinMode.Maintain
            ? inputs.Graph.Select(e => e.Entry).Where(e => present.Contains(e) && !planned.Contains(e)).Distinct()
            : [];
        try
        {
            var sync = new GcRootPins(context).Sync(held, wanted);
            if (sync.Skipped is { } why) context.Log.Warn($"pins not updated: {why}");
            else context.Log.Verbose($"pins: {sync.Pins} ({sync.Added} added, {sync.Removed} removed, {sync.Failed} failed)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Log.Warn($"pins not updated: {e.Message}");
        }
    }

    /// <summary>Records the outcome, forgets deleted entries, and reports; an interrupted run ends with exit 130.</summary>
    private GcReport Finish(GcRequest request, long runId, LockedSweep locked, List<RemovalOutcome> items, List<RemovalOutcome> resumed, ObjectSweep objects, ScanReport firstScan, Stopwatch clock,
        ReclaimReport reclaim)
    {
        var sweep = locked.Sweep;
        var held = locked.Held + objects.LockHeld;
        // What the trash deletion freed (files only the entries linked), plus every removed object once.
        var freed = items.Concat(resumed).Where(i => i.State == SweepState.Deleted).Sum(i => i.FreeableBytes) + objects.BytesFreed + reclaim.BytesFreed;
        if (objects.RemovedObjects is { Count: > 0 } removedObjects)
            items = SharedObjectAccounting.AttributeRemoved(items, Graph.LoadEntries(withInodes: true), removedObjects);
        // The cache's size as status counts it (archive entries' apparent bytes), for `gctool history`.
        var cacheBefore = Graph.LoadStatistics().CacheBytes;
        var deleted = items.Where(i => i.State == SweepState.Deleted).ToList();
        Journal.RemoveEntries(deleted.Select(i => i.Entry).ToList());
        var report = new GcReport(runId, DryRun: false, items, resumed, PointersRemoved: sweep.PointersRemoved + locked.CondemnPointers, sweep.DanglingPointersRemoved,
            locked.Plan.Kept, BytesFreed: freed, LockWaited: locked.Waited + objects.LockWaited, LockHeld: held, clock.Elapsed, firstScan,
            locked.Plan.PlannedAt, locked.Plan.MaxSize, request.MinAge, request.Policies ?? GcPolicies.None, objects,
            Reclaim: reclaim);
        var status = sweep.Interrupted ? GcRunStatus.Interrupted : report.Failures > 0 ? GcRunStatus.CompletedWithErrors : GcRunStatus.Completed;
        Journal.FinishGcRun(runId, new GcRunOutcome(context.NowUnix, status,
            LockWaitMs: (long)report.LockWaited.TotalMilliseconds, LockHeldMs: (long)held.TotalMilliseconds,
            EntriesDeleted: deleted.Count, report.BytesFreed, PointersRemoved: report.PointersRemoved + sweep.DanglingPointersRemoved, report.Failures, Error: null,
            CacheBytesBefore: cacheBefore, CacheBytesAfter: cacheBefore - deleted.Sum(i => i.Bytes)));

        if (sweep.Interrupted)
            throw new GcToolException(ExitCode.Interrupted,
                $"gc interrupted: {items.Count(i => i.State == SweepState.Deleted)} of {items.Count} entries deleted, the lock is released; the next gc continues");
        return report;
    }

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
        return new GcPreview(plan, inputs, pointers, scan) { Reclaim = PlanReclaim(request, cancellation) };
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
        var unmatched = Graph.LoadUnmatchedHardlinks();
        var entries = Graph.LoadEntries(withInodes: unmatched.Count > 0);
        var pinned = pointers.PinnedByEnvironments();
        var inputs = new PlanInputs(
            entries,
            wholeGraph ? Graph.LoadReferenceGraph() : Graph.LoadPlanningGraph(),
            pinned,
            unmatched,
            context.NowUnix,
            request.MinAge,
            request.Policies,
            request.Policies?.Environments is null ? null : CachedEnvironmentUse.LastUsed(context, pointers, pinned, entries));
        return (Planner.Plan(inputs), inputs);
    }

    /// <summary>Phase 2 of the protocol across hosts (<see cref="CondemnationPolicy.Apply"/>), with this gc's limits and clock.</summary>
    private CondemnationOutcome Protocol(GcRequest request, GcPlan candidates, IReadOnlyDictionary<EntryKey, long> condemned, IReadOnlyList<HostRecord> hosts)
    {
        var now = context.NowUnix;
        var outcome = CondemnationPolicy.Apply(candidates, condemned, hosts, Hosts.HostId, now,
            request.SilentHostAfter ?? CondemnationPolicy.DefaultSilentAfter, request.MaxClockSkew ?? CondemnationPolicy.DefaultMaxClockSkew);
        foreach (var waiting in outcome.Waiting)
        {
            // The CLI's words when it gave them; otherwise the stable code and the hosts waited for.
            var why = context.DescribeWait?.Invoke(waiting, now) ?? $"{waiting.Block.ToName()} {string.Join(", ", waiting.Hosts)}";
            context.Log.Verbose($"keeping {waiting.Entry}: {why}");
        }
        return outcome;
    }

    private PointerIndex BuildPointerIndex(CancellationToken cancellation, out ArchiveInventory inventory)
    {
        inventory = ArchiveInventory.List(context.Cache, _reader);
        return PointerIndex.Build(context.Cache, _reader, inventory.Contains, cancellation);
    }

    /// <summary>
    /// Step 7: the <c>files-v0</c> objects that nothing links now (the trash is deleted, so the archives'
    /// links are gone) are listed without the lock, then checked again and unlinked under it. The lock is
    /// taken only when there is something to remove; if it cannot be had in time, they wait for the next gc.
    /// </summary>
    private ObjectSweep CollectUnlinkedObjects(GcRequest request, CacheRootHandle root, CancellationToken cancellation)
    {
        var collector = new UnlinkedObjectCollector(context);
        var candidates = collector.FindUnlinked();
        if (candidates.Count == 0) return ObjectSweep.None;
        FaultInjection.Reached("before-object-sweep");
        try
        {
            using var lockHandle = context.Locker.AcquireExclusive(context.Cache.RealRoot, request.LockTimeout,
                () => context.Log.Info($"Cache is in use by other uv processes; waiting up to {HumanTime.Format(request.LockTimeout)} to remove {candidates.Count} unlinked files-v0 objects"),
                cancellation);
            var held = Stopwatch.StartNew();
            var result = collector.Remove(lockHandle, root, candidates, cancellation);
            context.Log.Verbose($"under the lock again: {result.Removed} unlinked files-v0 objects removed in {held.Elapsed.TotalMilliseconds:F0} ms");
            return result with { LockWaited = lockHandle.Waited, LockHeld = held.Elapsed };
        }
        catch (LockTimeoutException)
        {
            context.Log.Warn($"uv's lock was busy for {HumanTime.Format(request.LockTimeout)}; {candidates.Count} unlinked files-v0 objects stay until the next gc");
            return ObjectSweep.None;
        }
    }

    private List<RemovalOutcome> DeleteTrashed(long runId, IReadOnlyList<RemovalOutcome> swept, Trash trash, TrashRun run)
    {
        var items = new List<RemovalOutcome>(swept.Count);
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
            var done = Outcome(item, run.Delete(Trash.ItemName(item.Entry)));
            items.Add(done);
            updates.Add(new SweepUpdate(done.Entry, done.State, null, done.Problem?.ToJournalText()));
            if (done.State == SweepState.Deleted) bytes += done.FreeableBytes;
            context.Progress.Report(new WorkProgress(WorkStage.Deleting, updates.Count, total, bytes));
        }
        Journal.UpdateSweepStates(runId, updates);
        trash.RemoveIfEmpty(run);
        return items;
    }

    private static RemovalOutcome Outcome(RemovalOutcome item, TrashDeletion deletion) =>
        deletion.Completed
            ? item with { State = SweepState.Deleted, BytesFreed = deletion.BytesFreed }
            : item with { State = SweepState.Failed, Problem = new SweepProblem(SweepProblemKind.DeleteFailed, deletion.Error) };

    /// <summary>
    /// A gc that was killed or crashed never recorded how its run ended, so history and <c>status</c>
    /// would show it running forever. Holding the run lock proves no gc of this host is running now.
    /// </summary>
    private void MarkAbandonedRuns()
    {
        var count = Journal.MarkAbandonedRuns(context.NowUnix,
            "the gctool process ended before this run finished (killed or crashed); the next gc finished its work");
        if (count > 0) context.Log.Verbose($"recorded {count} earlier gc run(s) that never finished as interrupted");
    }

    /// <summary>
    /// A gc killed mid-sweep leaves entries in the trash (invisible to uv, so no lock is needed to
    /// finish them) and perhaps entries whose pointers are gone but which are still whole: those are
    /// simply planned again by this run. The trash deletes what its journals list
    /// (<see cref="Trash.Resume"/>); an item journaled here as PointersRemoved that the trash had
    /// (a kill between the renames and this journal's write) is reported as deleted.
    /// </summary>
    /// <remarks>Runs under the run lock (<see cref="Trash.Open"/>): no other gc is sweeping meanwhile.</remarks>
    /// <param name="reclaimed">Receives the reclaim directories (<see cref="ReclaimPlanner.IsReclaimTrashName"/>) an interrupted gc had moved into the trash, now deleted.</param>
    private List<RemovalOutcome> ResumeInterruptedSweeps(Trash trash, List<TrashDeletion> reclaimed, CancellationToken cancellation)
    {
        var found = trash.Resume(cancellation);
        var resumed = new List<RemovalOutcome>();
        var ours = new HashSet<(long, string)>();
        foreach (var item in Journal.LoadUnfinishedSweeps())
        {
            var planItem = new RemovalOutcome(new PlannedRemoval(item.Entry, null, null, item.Bytes, item.FreeableBytes, RemovalReason.Resumed(item.RunId)), item.State);
            var key = (item.RunId, Trash.ItemName(item.Entry));
            ours.Add(key);
            if (found.Deleted.TryGetValue(key, out var deletion))
                resumed.Add(Outcome(planItem, deletion));
            else if (found.Unknown.Contains(key))
                resumed.Add(planItem with { State = SweepState.Failed, Problem = new SweepProblem(SweepProblemKind.NotInTrashJournal) });
            else if (item.State == SweepState.Trashed)
                resumed.Add(planItem with { State = SweepState.Deleted, BytesFreed = 0 });
            else
                resumed.Add(planItem with { State = SweepState.Skipped, Problem = new SweepProblem(SweepProblemKind.InterruptedBeforeRename) });
            Journal.UpdateSweepState(item.RunId, item.Entry, resumed[^1].State, null, resumed[^1].Problem?.ToJournalText());
        }
        foreach (var ((runId, name), deletion) in found.Deleted)
            if (!ours.Contains((runId, name)) && ReclaimPlanner.IsReclaimTrashName(name)) reclaimed.Add(deletion);
            else if (!ours.Contains((runId, name)))
                context.Log.Verbose($"deleted leftover trash {deletion.Path}{(deletion.Completed ? "" : $" (incomplete: {deletion.Error})")}");
        Journal.RemoveEntries(resumed.Where(r => r.State == SweepState.Deleted).Select(r => r.Entry).ToList());
        return resumed;
    }

    /// <summary>The journal's plan rows: the reason as its stable code (the column is written for people reading the database, never read back).</summary>
    private static List<GcPlanItemRecord> ToRecords(IReadOnlyList<PlannedRemoval> items) =>
        items.Select(i => new GcPlanItemRecord(i.Entry, i.DistName, i.DistVersion, i.Bytes, i.FreeableBytes, i.Reason.Kind.ToName())).ToList();
}
