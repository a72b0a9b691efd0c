namespace GcTool.Core.Collection;

/// <summary>Why a planned entry was left or could not be removed. The CLI writes the words; <see cref="PlanNames.ToName(SweepProblemKind)"/> gives the stable code.</summary>
public enum SweepProblemKind
{
    /// <summary>Under the lock the entry was no longer a real directory (gone, or swapped for a link); left alone.</summary>
    NotARealDirectory,
    /// <summary>Its bucket could not be opened as a real directory of the cache (<see cref="SweepProblem.Detail"/>: the bucket).</summary>
    BucketUnreachable,
    /// <summary>gc was interrupted before it came to this entry; its pointers are gone, uv re-creates them.</summary>
    InterruptedBeforeEntry,
    /// <summary>The trash refused to move it because it changed (<see cref="SweepProblem.Detail"/>: the trash's account).</summary>
    MoveRefused,
    /// <summary>The move into the trash failed (<see cref="SweepProblem.Detail"/>: the trash's account, with the OS error).</summary>
    MoveFailed,
    /// <summary>Deleting it from the trash failed (<see cref="SweepProblem.Detail"/>: what is left and why, when known).</summary>
    DeleteFailed,
    /// <summary>No trash could be had, so nothing was touched (<see cref="SweepProblem.Detail"/>: why, when known).</summary>
    NoTrash,
    /// <summary>Resuming: it is in the trash but not in the trash's journal; left alone for a human.</summary>
    NotInTrashJournal,
    /// <summary>Resuming: the interrupted gc had not renamed it yet; this gc plans it again.</summary>
    InterruptedBeforeRename,
}

/// <summary>What went wrong with one planned entry: the kind gctool decided, and the detail it was told (the OS's error text, a path).</summary>
/// <param name="OsError">For <see cref="SweepProblemKind.BucketUnreachable"/>: the errno, described.</param>
public sealed record SweepProblem(SweepProblemKind Kind, string? Detail = null, string? OsError = null);
