using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Platform;

namespace GcTool.Core.Store;

/// <summary>
/// The one door to gctool's database. The core sees only this interface and domain records; the
/// store never touches the cache. Implementations keep every query to themselves and take writes
/// in transactions (a scan commit is one transaction).
/// </summary>
/// <remarks>
/// Concurrency: several gctool processes may open one database. Implementations wait on a busy
/// database (busy timeout + retries) and never surface "database is locked" as a crash.
/// </remarks>
public interface IGcStore : IDisposable
{
    /// <summary>True when the database was written by a newer gctool; reads may work, writes are refused.</summary>
    bool IsNewerSchema { get; }

    /// <summary>
    /// The host this store speaks for (<c>--host-id</c>): roots and discovery snapshots are this
    /// host's, environments it commits are recorded as seen by it, and a committed scan counts as
    /// this host's scan for the two-phase protocol.
    /// </summary>
    string HostId { get; }

    /// <summary>
    /// Records the cache identity on first use; afterwards throws <see cref="Errors.SafetyRefusalException"/>
    /// when <paramref name="identity"/> is a different cache (path or root inode differ).
    /// </summary>
    void BindCache(CacheIdentity identity);

    // --- roots -------------------------------------------------------------------------------
    IReadOnlyList<RegisteredRoot> ListRoots();
    /// <summary>
    /// Adds a root; returns false if it was already registered. An explicit registration of a root
    /// registered implicitly makes it explicit; an implicit one never demotes an explicit root.
    /// </summary>
    bool AddRoot(RootPath root, long now, bool isImplicit = false);
    /// <summary>Removes a root, its discovery snapshot and the environments found under it; returns false if unknown.</summary>
    bool RemoveRoot(RootPath root);

    // --- scanning ----------------------------------------------------------------------------
    DiscoverySnapshot? LoadDiscovery(RootPath root);
    IReadOnlyList<EnvironmentRecord> LoadEnvironments();
    IReadOnlyList<EntryRecord> LoadEntries(bool withInodes);
    void CommitScan(ScanCommit commit);

    // --- marking -----------------------------------------------------------------------------
    IReadOnlyList<ReferenceEdge> LoadReferenceGraph();

    /// <summary>
    /// What the planner needs of the graph, as cheaply as the store can give it: for each recorded entry
    /// referenced by an environment that is not a cached venv archive, at least one such edge; and every
    /// edge of every cached venv archive (for the closure). The default is the whole graph.
    /// </summary>
    /// <remarks>gc calls this under uv's exclusive lock, where loading every reference of a fleet (100k+ rows) costs most of the hold time.</remarks>
    IReadOnlyList<ReferenceEdge> LoadPlanningGraph() => LoadReferenceGraph();
    /// <summary>
    /// Every recorded entry some environment references (any kind): what gctool pins after a scan. The
    /// default derives it from the planning graph; the stores answer with one index probe per entry, because
    /// it runs on every rescan and must stay a small part of one that found nothing changed.
    /// </summary>
    IReadOnlyList<EntryKey> LoadReferencedEntries() => LoadPlanningGraph().Select(e => e.Entry).Distinct().ToList();

    /// <summary>Hardlinked files in environments that matched no entry at scan time; re-checked under the lock.</summary>
    IReadOnlySet<FileId> LoadUnmatchedHardlinks();

    // --- hosts and condemnation (the two-phase protocol; see README "Many hosts, one cache") ---
    /// <summary>Every host that ever committed a scan, retired ones included; sorted by id.</summary>
    IReadOnlyList<HostRecord> ListHosts();
    /// <summary>Retires a host: it no longer holds up deletions, and its roots, snapshots and environments (so its references) are dropped. False if unknown or already retired.</summary>
    bool RetireHost(string hostId, long now);
    /// <summary>
    /// Makes <paramref name="entries"/> exactly the condemned set: entries already condemned keep
    /// their condemnation time, new ones get <paramref name="now"/>, others are no longer condemned.
    /// Returns each condemned entry's condemnation time.
    /// </summary>
    IReadOnlyDictionary<EntryKey, long> Condemn(IReadOnlyList<EntryKey> entries, long now);
    /// <summary>Condemned entries and when each was condemned. A committed scan clears the condemnation of every entry some environment references.</summary>
    IReadOnlyDictionary<EntryKey, long> LoadCondemnations();

    // --- gc journal --------------------------------------------------------------------------
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
    IReadOnlyList<GcJournalItem> LoadPlan(long runId);
    IReadOnlyList<GcRunRecord> LoadGcHistory(int limit);

    // --- audit and status --------------------------------------------------------------------
    IReadOnlyList<EnvironmentUse> UsesOfEnvironment(EnvPath environment);
    IReadOnlyList<EntryUser> UsersOfEntry(EntryId entry);
    /// <summary>Every reference; sorted by environment path then entry.</summary>
    IReadOnlyList<ReferenceEdge> LoadWholeGraph();
    EnvironmentRecord? FindEnvironment(EnvPath environment);
    EntryRecord? FindEntry(EntryId entry);
    StoreStatistics LoadStatistics();
}
