using System.Text.Json.Serialization;

namespace GcTool.Cli.Output.Json;

// JSON shapes of the operator commands (gc policies, listings, explain, config show, doctor).
// The same contract as JsonModels.cs: add fields, never rename or remove them.

/// <summary><c>gc</c>'s <c>max_size</c>: null without --max-size.</summary>
internal sealed record MaxSizeJson(
    long TargetBytes,
    long BytesBefore,
    long BytesAfter,
    long Evicted,
    bool Reached,
    SortedDictionary<string, long> BlockingBytes,
    string? Explanation);

internal sealed record ListingItemJson(string Path, string Entry, string Id, string? Package, string? Version, long Bytes, string Reason);

/// <summary><c>gc --print-dead</c> fills <c>dead</c>, <c>--print-live</c> fills <c>live</c>; the other is empty.</summary>
/// <param name="Reclaim">Dead only, when there are any: stale buckets, staging leftovers and stale sdist revisions (not in <paramref name="Bytes"/>).</param>
internal sealed record GcListingJson(string Listing, IReadOnlyList<ListingItemJson> Entries, long Bytes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ReclaimListingJson>? Reclaim = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? ReclaimBytes = null);

/// <summary><c>explain PATH</c>: the directory of a reclaim category that holds the path, and the verdict on it.</summary>
internal sealed record ExplainPathJson(string Path, string RelativePath, string Verdict, string? Category, string? Directory, long? Bytes,
    long? NewestChangeAt, string? KeepReason, string? Explanation, long MinAgeMs);

internal sealed record ReclaimListingJson(string Path, string Category, long Bytes, long NewestChangeAt, string Rule);

internal sealed record ExplainJson(
    string Id,
    string Verdict,
    string? KeepReason,
    string Explanation,
    EntryJson? Entry,
    IReadOnlyList<EntryUserJson> Users,
    IReadOnlyList<string> KeptVia,
    IReadOnlyList<string> PinnedBy,
    PoliciesJson Policies);

internal sealed record PoliciesJson(long MinAgeMs, long? KeepUnusedForMs, long? MaxSizeBytes, long? EnvironmentsMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool KeepStaleBuckets = false);

internal sealed record ConfigSettingJson(string Key, object? Value, string Source);

internal sealed record ConfigFileJson(string Path, bool Loaded);

/// <summary><c>gctool pins remove</c>: pins removed, and pins that could not be.</summary>
internal sealed record PinsRemovedJson(long Removed, long Failed);

internal sealed record ConfigShowJson(IReadOnlyList<ConfigFileJson> Files, SortedDictionary<string, ConfigSettingJson> Settings);

internal sealed record BrokenDistributionJson(string Name, string? Version, IReadOnlyList<string> DanglingFiles, IReadOnlyList<string> MissingEntries);

internal sealed record DiagnosisJson(
    string Environment,
    string? ProjectDirectory,
    long DanglingLinks,
    IReadOnlyList<BrokenDistributionJson> Distributions,
    IReadOnlyList<string> UnattributedFiles,
    string Repair,
    string RepairCommand);

internal sealed record DoctorJson(
    IReadOnlyList<string> Roots,
    long EnvironmentsChecked,
    long EnvironmentsBroken,
    IReadOnlyList<DiagnosisJson> Broken,
    IReadOnlyList<SkippedPathJson> Skipped);

/// <summary>One gc run of <c>history</c>; the cache sizes are null for runs recorded before gctool kept them.</summary>
internal sealed record GcRunJson(
    long Id,
    long StartedAt,
    string StartedAtIso,
    long? FinishedAt,
    string? FinishedAtIso,
    bool DryRun,
    string Status,
    long EntriesPlanned,
    long EntriesDeleted,
    long BytesFreed,
    long PointersRemoved,
    long Failures,
    long LockWaitMs,
    long LockHeldMs,
    long? CacheBytesBefore,
    long? CacheBytesAfter);

internal sealed record HistoryJson(IReadOnlyList<GcRunJson> Runs);
