using GcTool.Core.Store;

namespace GcTool.Core.Collection;

/// <summary>The result of one gc run (or dry run). The CLI renders it as a table or JSON.</summary>
/// <param name="Items">The plan's entries and what happened to each (a dry run: all still planned).</param>
/// <param name="Resumed">Entries a previous, interrupted gc had started to delete and this run finished.</param>
/// <param name="PointersRemoved">wheels/sdists pointers removed because their entry went.</param>
/// <param name="DanglingPointersRemoved">Pointers that already pointed nowhere.</param>
/// <param name="Kept">How many entries were kept, and why, by reason.</param>
/// <param name="PlannedAt">When the plan was made (Unix seconds): the "now" of its reasons' ages.</param>
/// <param name="MaxSize">What --max-size did and, when the target is out of reach, why; null without --max-size.</param>
/// <param name="MinAge">The --min-age the plan used (null in reports built before it was recorded).</param>
/// <param name="Policies">The policies the plan used, wherever they came from (flag, config, environment).</param>
/// <param name="Objects">Content-addressed layout: the <c>files-v0</c> objects nothing linked any more, removed
/// (a dry run: that would be removed now); their bytes are part of <see cref="BytesFreed"/>.</param>
/// <param name="Reclaim">Stale buckets, staging leftovers and stale sdist revisions reclaimed (a dry run: planned),
/// kept, and resumed; their bytes are part of <see cref="BytesFreed"/>.</param>
public sealed record GcReport(
    long? RunId,
    bool DryRun,
    IReadOnlyList<RemovalOutcome> Items,
    IReadOnlyList<RemovalOutcome> Resumed,
    long PointersRemoved,
    long DanglingPointersRemoved,
    IReadOnlyDictionary<KeepReason, long> Kept,
    long BytesFreed,
    TimeSpan LockWaited,
    TimeSpan LockHeld,
    TimeSpan Elapsed,
    Scanning.ScanReport Scan,
    long PlannedAt,
    MaxSizeOutcome? MaxSize = null,
    TimeSpan? MinAge = null,
    GcPolicies? Policies = null,
    ObjectSweep? Objects = null,
    Reclaim.ReclaimReport? Reclaim = null)
{
    public long Failures => Items.Count(i => i.State == SweepState.Failed) + Resumed.Count(i => i.State == SweepState.Failed) + (Objects?.Failures.Count ?? 0)
        + (Reclaim?.Failures ?? 0);
}
