using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Platform;

namespace GcTool.Core.Store;

// Domain records exchanged with the store. Times are integer Unix seconds (as cargo does), so a
// test clock can move them and SQLite stores them natively.

/// <summary>What identifies the cache a database belongs to. A database refuses to serve another cache.</summary>
/// <param name="RealPath">The canonical cache root.</param>
/// <param name="Device">st_dev and st_ino of the root directory: a re-created cache at the same path is a different cache.</param>
public sealed record CacheIdentity(string RealPath, ulong Device, ulong Inode);

/// <param name="Implicit">Registered by gctool itself (one of uv's tool directories), not by an operator.</param>
public sealed record RegisteredRoot(RootPath Path, long AddedAt, long? LastScanAt, bool Implicit = false);

/// <summary>
/// One archive entry as the scanner last saw it. <see cref="Inodes"/> is every inode ever seen for
/// the entry's regular files (a union: after EMLINK uv replaces an archive file, and venvs may
/// still hold the old inode), used to match hardlinks. Null when loaded without inodes.
/// </summary>
public sealed record EntryRecord(
    EntryKey Key,
    EntryKind Kind,
    string? DistName,
    string? DistVersion,
    long FileCount,
    long Bytes,
    long FreeableBytes,
    long DirTime,
    long FirstSeenAt,
    long? LastReferencedAt,
    ulong Device,
    IReadOnlyList<ulong>? Inodes);

/// <summary>An environment's recorded state, without its references.</summary>
/// <param name="Fingerprint">Opaque text from the scanner: when it is unchanged, the environment is not re-read.</param>
/// <param name="Root">The registered root it was found under; null for environments inside the cache.</param>
/// <param name="AsEntry">For a cached venv archive: the entry it is.</param>
/// <param name="Host">The host whose scan last saw it (<c>--host-id</c>); null in a store written before hosts were recorded. A store writes its own host when this is null.</param>
public sealed record EnvironmentRecord(
    EnvPath Path,
    EnvironmentKind Kind,
    RootPath? Root,
    EntryKey? AsEntry,
    string Fingerprint,
    string? PythonVersion,
    long FirstSeenAt,
    long LastScannedAt,
    long FileCount,
    long SkippedCount,
    string? Host = null);

/// <summary>A host that scans into this store: every machine or container with its own view of the environments.</summary>
/// <param name="LastScanAt">When its last scan was committed; null if it never completed one.</param>
/// <param name="RetiredAt">When an operator retired it (<c>gctool hosts retire</c>); a retired host no longer holds up deletions. Null while active.</param>
public static class HostIds
{
    /// <summary>The host id of a store opened without one (tests, single-host tools).</summary>
    public const string Default = "local";
}

public sealed record HostRecord(string HostId, long FirstSeenAt, long? LastScanAt, long? RetiredAt)
{
    public bool IsActive => RetiredAt is null;
}

/// <summary>Environment → entry: how many of the environment's files link into the entry, and one example.</summary>
public sealed record ReferenceRecord(EntryKey Entry, LinkMode Mode, long FileCount, string SampleFile);

/// <summary>An environment as the scanner re-read it: its record, its references, and hardlinked files that matched no known entry.</summary>
public sealed record ScannedEnvironment(
    EnvironmentRecord Environment,
    IReadOnlyList<ReferenceRecord> References,
    IReadOnlyList<FileId> UnmatchedHardlinks);

/// <summary>A directory walked while discovering environments under a root, with the mtime it had.</summary>
/// <param name="IsEnvironment">True when this directory is an environment root (the walk stops there).</param>
/// <param name="IsMountRoot">True when this directory was a mount point (statx's STATX_ATTR_MOUNT_ROOT), the root included.</param>
public sealed record WalkedDirectory(string Path, long ModifiedNs, bool IsEnvironment, bool IsMountRoot = false);

/// <summary>The result of walking one root: every directory visited, so a rescan can re-stat instead of re-read.</summary>
public sealed record DiscoverySnapshot(RootPath Root, IReadOnlyList<WalkedDirectory> Directories)
{
    /// <summary>
    /// True when the walk found exactly what the stored snapshot holds: the store then only records the
    /// scan time instead of rewriting thousands of identical rows (most rescans, and the one under the lock).
    /// </summary>
    public bool SameAsRecorded { get; init; }
}

/// <summary>
/// Everything one scan learned, written in one transaction. Environments not listed in
/// <see cref="Rescanned"/>, <see cref="Unchanged"/> or <see cref="Removed"/> are left as they are.
/// </summary>
/// <param name="Unchanged">Environments found unchanged, to be recorded as confirmed by this host now (the store
/// rewrites only those confirmed longer than <see cref="TouchResolution"/> ago or by another host).</param>
public sealed record ScanCommit(
    long ScannedAt,
    IReadOnlyList<EntryRecord> EntriesUpserted,
    IReadOnlyList<EntryKey> EntriesRemoved,
    IReadOnlyList<ScannedEnvironment> Rescanned,
    IReadOnlyList<EnvPath> Unchanged,
    IReadOnlyList<EnvPath> Removed,
    IReadOnlyList<DiscoverySnapshot> Discoveries);

/// <summary>One edge of the reference graph, for marking.</summary>
public sealed record ReferenceEdge(EnvPath Environment, EnvironmentKind EnvironmentKind, EntryKey? EnvironmentAsEntry, EntryKey Entry, LinkMode Mode, long FileCount);
