using GcTool.Core.Cache;
using GcTool.Core.Environments;

namespace GcTool.Core.Store;

/// <summary>A row of <c>audit env</c>: an entry the environment uses. Name, version and sizes are null when the entry is not (or no longer) in the cache.</summary>
public sealed record EnvironmentUse(
    EntryKey Entry,
    string? DistName,
    string? DistVersion,
    LinkMode Mode,
    long FileCount,
    string SampleFile,
    bool EntryExists,
    long? EntryBytes);

/// <summary>A row of <c>audit entry</c>: an environment that uses the entry.</summary>
public sealed record EntryUser(
    EnvPath Environment,
    EnvironmentKind Kind,
    LinkMode Mode,
    long FileCount,
    string SampleFile,
    long LastScannedAt);

/// <summary>Counts and sizes for <c>status</c>.</summary>
/// <param name="CacheBytes">Sum of all entry bytes.</param>
/// <param name="ReferencedBytes">Bytes of entries some environment references.</param>
/// <param name="ReclaimableBytes">Bytes gc would free now with no age limit: unreferenced entries, counting only files no one else hardlinks.</param>
public sealed record StoreStatistics(
    long Entries,
    long Environments,
    long References,
    long CacheBytes,
    long ReferencedBytes,
    long ReclaimableBytes,
    long UnreferencedEntries,
    long? LastScanAt,
    long? LastGcAt);
