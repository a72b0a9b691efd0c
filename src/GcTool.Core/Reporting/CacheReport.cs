using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Store;

namespace GcTool.Core.Reporting;

/// <summary>Everything <c>gctool report</c> shows: what the disk holds now and what the database knows.</summary>
public sealed record CacheReport(
    string CacheRoot,
    long GeneratedAt,
    StoreStatistics Statistics,
    IReadOnlyList<BucketSize> Buckets,
    IReadOnlyList<LargeEntry> LargestEntries,
    IReadOnlyList<UsageBand> EntriesByUsers,
    IReadOnlyList<EnvironmentFootprint> Environments,
    IReadOnlyList<GcRunRecord> GcHistory,
    IReadOnlyList<DistributionUsage>? Distributions = null,
    long UnscannedEntries = 0,
    long? FreeBytes = null)
{
    public long DiskBytes => Buckets.Sum(b => b.Bytes);

    /// <summary>gctool's pins in the cache when the page was written.</summary>
    public long Pins { get; init; }

    /// <summary>Stale buckets, staging leftovers and stale sdist revisions gc would reclaim; null when not surveyed.</summary>
    public Reclaim.ReclaimPlan? Reclaim { get; init; }
}

/// <summary>One top-level directory of the cache as measured on disk now (hardlinked files counted once).</summary>
public sealed record BucketSize(string Name, long Bytes, long Files);

/// <summary>An entry, its size, and how many environments link to it.</summary>
public sealed record LargeEntry(EntryKey Entry, string? DistName, string? DistVersion, long Bytes, int Users);

/// <summary>Entries grouped by how many environments use them ("0", "1", "2", "3–5", …).</summary>
public sealed record UsageBand(string Label, int MinUsers, int? MaxUsers, long Entries, long Bytes);

/// <summary>
/// An environment's cache footprint: the entries it links to and their bytes, and the part no
/// other environment shares (what removing this environment would make reclaimable).
/// </summary>
public sealed record EnvironmentFootprint(EnvPath Path, EnvironmentKind Kind, long Entries, long Bytes, long ExclusiveBytes);

/// <summary>One distribution across the cache, from the last scan: its versions, entries and bytes, and how many entries an environment uses.</summary>
public sealed record DistributionUsage(string Name, IReadOnlyList<string> Versions, long Entries, long Bytes, long EntriesInUse, long BytesInUse);
