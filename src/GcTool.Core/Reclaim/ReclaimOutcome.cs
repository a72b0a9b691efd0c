using GcTool.Core.Collection;
using GcTool.Core.Store;

namespace GcTool.Core.Reclaim;

/// <summary>What happened to one planned <see cref="ReclaimItem"/> (in a dry run: <see cref="SweepState.Planned"/>).</summary>
/// <param name="BytesFreed">What deleting it from the trash freed (files no hardlink elsewhere still holds).</param>
/// <param name="Problem">Why it was left or failed; null when it went as planned.</param>
public sealed record ReclaimOutcome(ReclaimItem Item, SweepState State, long BytesFreed, ReclaimProblem? Problem);

/// <summary>The reclaim part of a gc: what it planned and did, what it kept and why, and what an interrupted gc left that this one finished.</summary>
/// <param name="Resumed">Reclaimed directories an interrupted gc had moved into the trash, deleted by this one.</param>
/// <param name="LockHeld">Time spent under uv's lock re-checking and renaming them.</param>
public sealed record ReclaimReport(IReadOnlyList<ReclaimOutcome> Items, IReadOnlyList<KeptReclaimItem> Kept, IReadOnlyList<TrashDeletion> Resumed, TimeSpan LockHeld)
{
    public static ReclaimReport None { get; } = new([], [], [], TimeSpan.Zero);

    public static ReclaimReport Planned(ReclaimPlan plan) =>
        new(plan.Items.Select(i => new ReclaimOutcome(i, SweepState.Planned, 0, null)).ToList(), plan.Kept, [], TimeSpan.Zero);

    public long BytesFreed => Items.Where(i => i.State == SweepState.Deleted).Sum(i => i.BytesFreed) + Resumed.Sum(r => r.BytesFreed);

    public long PlannedBytes => Items.Sum(i => i.Item.Bytes);

    public int Failures => Items.Count(i => i.State == SweepState.Failed) + Resumed.Count(r => !r.Completed);
}
