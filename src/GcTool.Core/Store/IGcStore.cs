using GcTool.Core.Cache;

namespace GcTool.Core.Store;

/// <summary>
/// The one door to gctool's database: every role together, as the CLI opens it. The core sees only
/// these interfaces and domain records, each service the roles it needs (<see cref="IScanWriter"/>,
/// <see cref="IRootStore"/>, <see cref="IHostRegistry"/>, <see cref="IGcJournal"/>,
/// <see cref="IStoreQueries"/>); the store never touches the cache. Implementations keep every
/// query to themselves and take writes in transactions (a scan commit is one transaction).
/// </summary>
/// <remarks>
/// Concurrency: several gctool processes may open one database. Implementations wait on a busy
/// database (busy timeout + retries) and never surface "database is locked" as a crash.
/// </remarks>
public interface IGcStore : IScanWriter, IRootStore, IHostRegistry, IGcJournal, IStoreQueries, IDisposable
{
    /// <summary>
    /// Records the cache identity on first use; afterwards throws <see cref="Errors.SafetyRefusalException"/>
    /// when <paramref name="identity"/> is a different cache (path or root inode differ).
    /// </summary>
    void BindCache(CacheIdentity identity);

    /// <summary>The default derives the referenced entries from the planning graph (in-memory stores).</summary>
    IReadOnlyList<EntryKey> IScanWriter.LoadReferencedEntries() => LoadPlanningGraph().Select(e => e.Entry).Distinct().ToList();
}
