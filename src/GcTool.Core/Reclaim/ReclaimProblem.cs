namespace GcTool.Core.Reclaim;

/// <summary>Why a planned reclaim directory was left or could not be removed. The CLI writes the words (<c>ReclaimText.Problem</c>).</summary>
public enum ReclaimProblemKind
{
    /// <summary>Under the lock the path was no longer the directory surveyed (gone, replaced, or a link now).</summary>
    NotTheSurveyedDirectory,
    /// <summary>A stale revision's shard changed since the survey (a new revision?); left for the next gc.</summary>
    ShardChanged,
    /// <summary>A directory in it (<see cref="ReclaimProblem.Detail"/>) changed since the survey (a uv is using it?); left for the next gc.</summary>
    ChangedSinceSurvey,
    /// <summary>Its parent (<see cref="ReclaimProblem.Detail"/>) cannot be opened as a real directory of the cache; left alone.</summary>
    ParentUnreachable,
    /// <summary>gc was interrupted before it came to this directory; the next gc reclaims it.</summary>
    InterruptedBeforeDirectory,
    /// <summary>The entries' sweep was interrupted, so reclaiming was not started; the next gc reclaims it.</summary>
    SweepInterrupted,
    /// <summary>No trash could be had, so nothing was touched (<see cref="ReclaimProblem.Detail"/>: why, when known).</summary>
    NoTrash,
    /// <summary>The trash refused to move it because it changed (<see cref="ReclaimProblem.Detail"/>: the trash's account).</summary>
    MoveRefused,
    /// <summary>The move into the trash failed (<see cref="ReclaimProblem.Detail"/>: the trash's account, with the OS error).</summary>
    MoveFailed,
    /// <summary>Deleting it from the trash failed (<see cref="ReclaimProblem.Detail"/>: what is left and why).</summary>
    DeleteFailed,
}

/// <summary>What went wrong with one reclaim directory: the kind gctool decided, and the detail it was told (a path, the OS's error text).</summary>
public sealed record ReclaimProblem(ReclaimProblemKind Kind, string? Detail = null);
