using System.Text.Json.Serialization;
namespace GcTool.Cli.Output.Json;

// The JSON shapes gctool prints with --json. Property names become snake_case (GcToolJsonContext);
// they are a public contract documented in README.md and pinned by snapshot tests: add fields,
// never rename or remove them. Times are given twice: Unix seconds (`*_at`) and ISO 8601 UTC
// (`*_at_iso`); durations are integer milliseconds (`*_ms`); sizes are bytes.

internal sealed record ErrorJson(ErrorDetailJson Error);

internal sealed record ErrorDetailJson(string Kind, int ExitCode, string Message);

internal sealed record SkippedPathJson(string Path, string Reason);

internal sealed record ScanJson(
    IReadOnlyList<string> Roots,
    long EnvironmentsFound,
    long EnvironmentsRescanned,
    long EnvironmentsUnchanged,
    long EnvironmentsRemoved,
    long Entries,
    long EntriesNew,
    long EntriesRemoved,
    long References,
    long FilesRead,
    IReadOnlyList<SkippedPathJson> Skipped,
    long ElapsedMs);

/// <param name="Implicit">One of uv's tool directories, registered by gctool itself.</param>
internal sealed record RootJson(string Path, long AddedAt, string AddedAtIso, long? LastScanAt, string? LastScanAtIso, bool Implicit);

internal sealed record RootsJson(IReadOnlyList<RootJson> Roots);

internal sealed record HostJson(string Host, bool ThisHost, bool Active, long FirstSeenAt, string FirstSeenAtIso, long? LastScanAt, string? LastScanAtIso, long? RetiredAt, string? RetiredAtIso);

internal sealed record HostsJson(IReadOnlyList<HostJson> Hosts);

internal sealed record HostRetireJson(string Host, bool Changed);

internal sealed record RootChangeJson(string Action, string Root, bool Changed);

internal sealed record GcItemJson(
    string Entry,
    string Id,
    string? Package,
    string? Version,
    long Bytes,
    long FreeableBytes,
    string Reason,
    string State,
    string? Error);

internal sealed record GcJson(
    bool DryRun,
    long? RunId,
    IReadOnlyList<GcItemJson> Plan,
    IReadOnlyList<GcItemJson> Resumed,
    long EntriesPlanned,
    long EntriesDeleted,
    long BytesPlanned,
    long FreeableBytesPlanned,
    long BytesFreed,
    long PointersRemoved,
    long DanglingPointersRemoved,
    SortedDictionary<string, long> Kept,
    long Failures,
    long LockWaitMs,
    long LockHeldMs,
    long ElapsedMs,
    ScanJson Scan,
    MaxSizeJson? MaxSize,
    PoliciesJson? Policies,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GcObjectsJson? Objects,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GcReclaimJson? Reclaim = null);

/// <summary>What uv's prune removes besides entries: stale buckets, staging leftovers, stale sdist revisions.</summary>
/// <param name="ByCategory">Per category (stale_bucket, staging_leftover, stale_sdist_revision): planned directories and bytes.</param>
internal sealed record GcReclaimJson(
    long BytesPlanned,
    long BytesFreed,
    double LockHeldMs,
    SortedDictionary<string, ReclaimCategoryJson> ByCategory,
    IReadOnlyList<ReclaimItemJson> Items,
    IReadOnlyList<ReclaimKeptJson> Kept,
    IReadOnlyList<ReclaimResumedJson> Resumed);

internal sealed record ReclaimCategoryJson(long Directories, long Bytes);

internal sealed record ReclaimItemJson(
    string Category,
    string Path,
    string RelativePath,
    string? Bucket,
    int? Version,
    int? CurrentVersion,
    int? NewerVersionBeside,
    string? CurrentRevision,
    long NewestChangeAt,
    long UnchangedForS,
    long Bytes,
    long Files,
    string Rule,
    string State,
    long BytesFreed,
    string? Error);

internal sealed record ReclaimKeptJson(string Category, string Path, string Reason, string Why, long Bytes, long NewestChangeAt);

internal sealed record ReclaimResumedJson(string Path, bool Completed, long BytesFreed, string? Error);

/// <summary>Content-addressed layout: files-v0 objects nothing linked any more, removed (dry run: removable now).</summary>
internal sealed record GcObjectsJson(long Removed, long BytesFreed, long Kept, IReadOnlyList<string> Failures, long LockHeldMs);

internal sealed record EnvironmentJson(
    string Path,
    string Kind,
    string? Root,
    string? AsEntry,
    string? PythonVersion,
    long FirstSeenAt,
    string FirstSeenAtIso,
    long LastScannedAt,
    string LastScannedAtIso,
    long FileCount,
    long SkippedCount);

internal sealed record EnvironmentUseJson(
    string Entry,
    string Id,
    string? Package,
    string? Version,
    string LinkMode,
    long FileCount,
    string SampleFile,
    bool EntryExists,
    long? EntryBytes);

internal sealed record EnvironmentAuditJson(EnvironmentJson Environment, IReadOnlyList<EnvironmentUseJson> Uses);

internal sealed record EntryJson(
    string Entry,
    string Id,
    string Kind,
    string? Package,
    string? Version,
    long FileCount,
    long Bytes,
    long FreeableBytes,
    long DirTime,
    string DirTimeIso,
    long FirstSeenAt,
    string FirstSeenAtIso,
    long? LastReferencedAt,
    string? LastReferencedAtIso);

internal sealed record EntryUserJson(
    string Environment,
    string Kind,
    string LinkMode,
    long FileCount,
    string SampleFile,
    long LastScannedAt,
    string LastScannedAtIso);

internal sealed record EntryAuditJson(string Id, bool Found, EntryJson? Entry, IReadOnlyList<EntryUserJson> Users);

internal sealed record ReferenceJson(
    string Environment,
    string EnvironmentKind,
    string? EnvironmentAsEntry,
    string Entry,
    string LinkMode,
    long FileCount);

internal sealed record GraphAuditJson(long Environments, long Entries, IReadOnlyList<ReferenceJson> References);

internal sealed record StatusJson(
    string CacheRoot,
    string Database,
    long Entries,
    long Environments,
    long References,
    long UnreferencedEntries,
    long CacheBytes,
    long ReferencedBytes,
    long ReclaimableBytes,
    long? LastScanAt,
    string? LastScanAtIso,
    long? LastGcAt,
    string? LastGcAtIso,
    IReadOnlyList<RootJson> Roots,
    long Pins,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SortedDictionary<string, ReclaimCategoryJson>? ReclaimableByCategory = null);

/// <summary><c>gctool report --json</c>: the file written and the headline numbers in it.</summary>
internal sealed record ReportWrittenJson(string Path, long FileBytes, long DiskBytes, long ReclaimableBytes, long Entries, long Environments);
