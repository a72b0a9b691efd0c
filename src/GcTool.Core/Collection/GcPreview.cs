using GcTool.Core.Cache;
using GcTool.Core.Scanning;

namespace GcTool.Core.Collection;

/// <summary>A plan gc would carry out now, with what it was decided from (for listings and explain).</summary>
/// <param name="Scan">The rescan that preceded it, or null when planned from the last scan.</param>
/// <param name="Reclaim">Stale buckets, staging leftovers and stale sdist revisions the same gc would reclaim or keep.</param>
public sealed record GcPreview(GcPlan Plan, PlanInputs Inputs, PointerIndex Pointers, ScanReport? Scan)
{
    public Reclaim.ReclaimPlan Reclaim { get; init; } = GcTool.Core.Reclaim.ReclaimPlan.Empty;
}
