using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Platform;

namespace GcTool.Core.Store;

/// <summary>Read-only questions about the recorded graph: gc's planning reads, audit, status and report.</summary>
public interface IStoreQueries : IStoredStateReader
{
    /// <summary>Every recorded entry with its last use: the time of the last scan that saw an environment reference it.</summary>
    IReadOnlyList<EntryRecord> LoadEntries(bool withInodes);

    IReadOnlyList<ReferenceEdge> LoadReferenceGraph();

    /// <summary>
    /// What the planner needs of the graph, as cheaply as the store can give it: for each recorded entry
    /// referenced by an environment that is not a cached venv archive, at least one such edge; and every
    /// edge of every cached venv archive (for the closure). The default is the whole graph.
    /// </summary>
    /// <remarks>gc calls this under uv's exclusive lock, where loading every reference of a fleet (100k+ rows) costs most of the hold time.</remarks>
    IReadOnlyList<ReferenceEdge> LoadPlanningGraph() => LoadReferenceGraph();

    /// <summary>Hardlinked files in environments that matched no entry at scan time; re-checked under the lock.</summary>
    IReadOnlySet<FileId> LoadUnmatchedHardlinks();

    IReadOnlyList<EnvironmentUse> UsesOfEnvironment(EnvPath environment);
    IReadOnlyList<EntryUser> UsersOfEntry(EntryId entry);
    /// <summary>Every reference; sorted by environment path then entry.</summary>
    IReadOnlyList<ReferenceEdge> LoadWholeGraph();
    EnvironmentRecord? FindEnvironment(EnvPath environment);
    EntryRecord? FindEntry(EntryId entry);
    StoreStatistics LoadStatistics();
}
