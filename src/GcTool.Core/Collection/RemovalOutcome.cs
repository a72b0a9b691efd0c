using GcTool.Core.Cache;
using GcTool.Core.Store;

namespace GcTool.Core.Collection;

/// <summary>What the sweep did with one <see cref="PlannedRemoval"/> (a dry run: <see cref="SweepState.Planned"/>).</summary>
/// <param name="Problem">Why it was left or failed; null when nothing went wrong.</param>
/// <param name="BytesFreed">Once deleted: what deleting it freed (with any files-v0 objects attributed to it); null before.</param>
public sealed record RemovalOutcome(PlannedRemoval Planned, SweepState State, SweepProblem? Problem = null, long? BytesFreed = null)
{
    public EntryKey Entry => Planned.Entry;

    public long Bytes => Planned.Bytes;

    /// <summary>What it freed once deleted, otherwise what the plan expected it to free.</summary>
    public long FreeableBytes => BytesFreed ?? Planned.FreeableBytes;

    public static RemovalOutcome Pending(PlannedRemoval planned) => new(planned, SweepState.Planned);
}
