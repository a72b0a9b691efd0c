using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Store;

namespace GcTool.Core.Audit;

/// <summary><c>audit env PATH</c>: the entries that environment uses.</summary>
public sealed record EnvironmentAudit(EnvironmentRecord Environment, IReadOnlyList<EnvironmentUse> Uses);

/// <summary><c>audit entry ID</c>: the environments that use the entry. <see cref="Entry"/> is null when the entry is not in the cache (any more).</summary>
public sealed record EntryAudit(EntryId Id, EntryRecord? Entry, IReadOnlyList<EntryUser> Users);

/// <summary><c>audit</c>: the whole graph.</summary>
public sealed record GraphAudit(IReadOnlyList<ReferenceEdge> Edges, long Environments, long Entries);

/// <summary><c>status</c>.</summary>
public sealed record StatusReport(string CacheRoot, string Database, StoreStatistics Statistics, IReadOnlyList<RegisteredRoot> Roots)
{
    /// <summary>gctool's pins in the cache now (<see cref="Pins.GcRootPins"/>): the entries a plain <c>uv cache prune</c> keeps for known environments.</summary>
    public long Pins { get; init; }

    /// <summary>What gc would reclaim besides entries (stale buckets, staging leftovers, stale sdist revisions) with its
    /// --min-age and --keep-stale-buckets from the configuration; null when not surveyed.</summary>
    public Reclaim.ReclaimPlan? Reclaim { get; init; }
}
