using GcTool.Core.Cache;

namespace GcTool.Core.Store;

/// <summary>The gc journal: runs, their planned items and how far each was swept, so a killed gc can be finished.</summary>
public interface IGcJournal : IStoreSession
{
    long StartGcRun(GcRunStart start);
    void RecordPlan(long runId, IReadOnlyList<GcPlanItemRecord> items);
    /// <summary>Moves items of a run on, in one transaction (a sweep under the lock writes the journal twice, not per entry). A null trash path keeps the recorded one.</summary>
    void UpdateSweepStates(long runId, IReadOnlyList<SweepUpdate> updates);
    /// <summary>Deletes the entries' rows (and their inodes) once they are gone from the cache; references from environments stay.</summary>
    void RemoveEntries(IReadOnlyList<EntryKey> entries);
    void FinishGcRun(long runId, GcRunOutcome outcome);
    /// <summary>
    /// Records this host's real (not dry) runs still marked running as interrupted, with <paramref name="error"/>:
    /// called by a gc holding the run lock, so no such run can be alive. Returns how many.
    /// </summary>
    int MarkAbandonedRuns(long finishedAt, string error);
    /// <summary>Journal items of any run whose state is PointersRemoved or Trashed: work a killed gc left.</summary>
    IReadOnlyList<GcJournalItem> LoadUnfinishedSweeps();
    /// <summary>A run's items in the order the plan listed them.</summary>
    IReadOnlyList<GcJournalItem> LoadPlan(long runId);
    IReadOnlyList<GcRunRecord> LoadGcHistory(int limit);
}
