using System.Diagnostics;
using GcTool.Core.Cache;
using GcTool.Core.Errors;
using GcTool.Core.Platform;
using GcTool.Core.Scanning;
using GcTool.Core.Store;

namespace GcTool.Core.Collection;

/// <summary>
/// Mark and sweep under uv's lock. The steps, in order:
/// <list type="number">
/// <item>Refuse to run blind (<see cref="SafetyChecks"/>); finish what an interrupted gc left in the trash.</item>
/// <item>Scan the registered roots incrementally, before the lock: the slow part.</item>
/// <item>Take uv's global lock exclusively (flock LOCK_EX on &lt;cache&gt;/.lock), waiting up to --lock-timeout.</item>
/// <item>Under the lock: rescan what changed since step 2, mark, plan, and record the plan.</item>
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
        if (request.MinAge < TimeSpan.Zero) throw new UsageException("--min-age must not be negative");
        SafetyChecks.Check(context, request.Force);

        var trash = new TrashCollector(context);
        var resumed = request.DryRun ? [] : ResumeInterruptedSweeps(trash);

        // Step 2: the slow scan, before the lock.
        var scanner = new Scanner(context);
        var firstScan = scanner.Scan(new ScanRequest([]), cancellation);
        var pointers = BuildPointerIndex(cancellation, out var indexedEntries);

        if (request.DryRun)
        {
            var dryPlan = PlanNow(request, pointers);
            var dryRun = context.Store.StartGcRun(new GcRunStart(context.NowUnix, true, (long)request.MinAge.TotalSeconds, Environment.MachineName));
            context.Store.RecordPlan(dryRun, ToRecords(dryPlan.Items));
            context.Store.FinishGcRun(dryRun, new GcRunOutcome(context.NowUnix, GcRunStatus.DryRun, 0, 0, 0, 0, 0, 0, null));
            return new GcReport(dryRun, true, dryPlan.Items, [], 0, pointers.Dangling.Count, dryPlan.Kept, 0, TimeSpan.Zero, TimeSpan.Zero, clock.Elapsed, firstScan);
        }

        var runId = context.Store.StartGcRun(new GcRunStart(context.NowUnix, false, (long)request.MinAge.TotalSeconds, Environment.MachineName));
        GcPlan plan;
        SweepResult sweep;
        TimeSpan waited, held;
        try
        {
            // Step 3.
            using (var lockHandle = context.Locker.AcquireExclusive(context.Cache.RealRoot, request.LockTimeout,
                       () => context.Log.Info($"Cache is in use by other uv processes; waiting up to {HumanTime.Format(request.LockTimeout)} for them to finish (raise --lock-timeout to wait longer)"),
                       cancellation))
            {
                var heldClock = Stopwatch.StartNew();
                waited = lockHandle.Waited;
                // Step 4: nothing uv does can change the cache now; catch up with what changed before we got here.
                var rescan = scanner.Scan(new ScanRequest([]), cancellation);
                var rescanned = heldClock.Elapsed;
                if (rescan.EntriesNew > 0 || rescan.EntriesRemoved > 0) pointers = BuildPointerIndex(cancellation, out indexedEntries);
                plan = PlanNow(request, pointers);
                if (RefreshInodesOfPlannedEntries(plan, indexedEntries)) plan = PlanNow(request, pointers);
                context.Store.RecordPlan(runId, ToRecords(plan.Items));
                var planned = heldClock.Elapsed;
                // Step 5.
                sweep = new Sweeper(context, _reader).Sweep(lockHandle, runId, plan.Items, pointers, cancellation);
                held = heldClock.Elapsed;
                context.Log.Verbose($"under the lock: rescan {rescanned.TotalMilliseconds:F0} ms, plan {(planned - rescanned).TotalMilliseconds:F0} ms, " +
                                    $"sweep {(held - planned).TotalMilliseconds:F0} ms");
            }
        }
        catch (Exception e)
        {
            var status = e is OperationCanceledException ? GcRunStatus.Interrupted : GcRunStatus.Failed;
            context.Store.FinishGcRun(runId, new GcRunOutcome(context.NowUnix, status, 0, 0, 0, 0, 0, 0, e.Message));
            throw;
        }

        // Step 6: the lock is released; deleting bytes blocks nobody. Interrupted: leave the trash to the next gc.
        var items = sweep.Interrupted ? sweep.Items.ToList() : DeleteTrashed(runId, sweep.Items, trash);
        context.Store.RemoveEntries(items.Where(i => i.State == SweepState.Deleted).Select(i => i.Entry).ToList());
        var report = new GcReport(runId, false, items, resumed, sweep.PointersRemoved, sweep.DanglingPointersRemoved, plan.Kept,
            items.Where(i => i.State == SweepState.Deleted).Sum(i => i.FreeableBytes) + resumed.Where(i => i.State == SweepState.Deleted).Sum(i => i.FreeableBytes),
            waited, held, clock.Elapsed, firstScan);
        var finalStatus = sweep.Interrupted ? GcRunStatus.Interrupted : report.Failures > 0 ? GcRunStatus.CompletedWithErrors : GcRunStatus.Completed;
        context.Store.FinishGcRun(runId, new GcRunOutcome(context.NowUnix, finalStatus, (long)waited.TotalMilliseconds, (long)held.TotalMilliseconds,
            items.Count(i => i.State == SweepState.Deleted), report.BytesFreed, sweep.PointersRemoved + sweep.DanglingPointersRemoved, report.Failures, null));

        if (sweep.Interrupted)
            throw new GcToolException(ExitCode.Interrupted,
                $"gc interrupted: {items.Count(i => i.State == SweepState.Deleted)} of {items.Count} entries deleted, the lock is released; the next gc continues");
        return report;
    }

    private GcPlan PlanNow(GcRequest request, PointerIndex pointers)
    {
        var unmatched = context.Store.LoadUnmatchedHardlinks();
        return Planner.Plan(new PlanInputs(
            context.Store.LoadEntries(withInodes: unmatched.Count > 0),
            context.Store.LoadPlanningGraph(),
            pointers.PinnedByEnvironments(),
            unmatched,
            context.NowUnix,
            request.MinAge));
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
        var directory = new Sweeper(context, _reader).TrashDirectory(runId);
        var items = new List<GcPlanItem>(swept.Count);
        var updates = new List<SweepUpdate>();
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
    /// A gc killed mid-sweep leaves entries in the trash (invisible to uv, so no lock is needed to
    /// finish them) and perhaps entries whose pointers are gone but which are still whole: those are
    /// simply planned again by this run.
    /// </summary>
    private List<GcPlanItem> ResumeInterruptedSweeps(TrashCollector trash)
    {
        var resumed = new List<GcPlanItem>();
        var journaled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in context.Store.LoadUnfinishedSweeps())
        {
            var planItem = new GcPlanItem(item.Entry, null, null, item.Bytes, item.FreeableBytes, "resumed from an interrupted gc", item.State, null);
            if (item.State == SweepState.Trashed && item.TrashPath is { } path)
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

    private static List<GcPlanItemRecord> ToRecords(IReadOnlyList<GcPlanItem> items) =>
        items.Select(i => new GcPlanItemRecord(i.Entry, i.DistName, i.DistVersion, i.Bytes, i.FreeableBytes, i.Reason)).ToList();
}
