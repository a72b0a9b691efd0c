using GcTool.Core.Cache;

namespace GcTool.Core.Store;

/// <summary>Where one planned entry is in its sweep. The journal lets a killed gc be finished by the next one.</summary>
public enum SweepState
{
    /// <summary>Decided, nothing done yet.</summary>
    Planned = 0,
    /// <summary>Its wheels/sdists pointers are gone; the entry is still whole in archive-v*.</summary>
    PointersRemoved = 1,
    /// <summary>Renamed into the trash directory: invisible to uv; bytes not yet freed.</summary>
    Trashed = 2,
    /// <summary>Deleted from the trash.</summary>
    Deleted = 3,
    /// <summary>Left in place: it changed under the lock, or could not be moved.</summary>
    Skipped = 4,
    /// <summary>Could not be deleted (see the error); nothing else was affected.</summary>
    Failed = 5,
}

public enum GcRunStatus
{
    Running = 0,
    Completed = 1,
    CompletedWithErrors = 2,
    Interrupted = 3,
    Failed = 4,
    DryRun = 5,
}

public sealed record GcRunStart(long StartedAt, bool DryRun, long MinAgeSeconds, string Host);

public sealed record GcPlanItemRecord(EntryKey Entry, string? DistName, string? DistVersion, long Bytes, long FreeableBytes, string Reason);

/// <summary>A journal row: one planned entry of one run and where its sweep got to.</summary>
public sealed record GcJournalItem(long RunId, EntryKey Entry, SweepState State, string? TrashPath, long Bytes, long FreeableBytes, string? Error);

public sealed record GcRunOutcome(
    long FinishedAt,
    GcRunStatus Status,
    long LockWaitMs,
    long LockHeldMs,
    long EntriesDeleted,
    long BytesFreed,
    long PointersRemoved,
    long Failures,
    string? Error,
    long? CacheBytesBefore = null,
    long? CacheBytesAfter = null)
{
    /// <summary>A run that ended before sweeping anything (failed, interrupted, or a dry run): nothing waited, held or deleted.</summary>
    public static GcRunOutcome Ended(long finishedAt, GcRunStatus status, string? error = null) =>
        new(finishedAt, status, LockWaitMs: 0, LockHeldMs: 0, EntriesDeleted: 0, BytesFreed: 0, PointersRemoved: 0, Failures: 0, error);
}

public sealed record GcRunRecord(
    long Id,
    long StartedAt,
    long? FinishedAt,
    bool DryRun,
    GcRunStatus Status,
    long LockWaitMs,
    long LockHeldMs,
    long EntriesPlanned,
    long EntriesDeleted,
    long BytesFreed,
    long PointersRemoved,
    long Failures,
    long? CacheBytesBefore = null,
    long? CacheBytesAfter = null);

/// <summary>One journal change: the item of <see cref="Entry"/> moves to <see cref="State"/>.</summary>
public sealed record SweepUpdate(EntryKey Entry, SweepState State, string? TrashPath, string? Error);
