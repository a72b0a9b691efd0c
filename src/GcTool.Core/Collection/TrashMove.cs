namespace GcTool.Core.Collection;

/// <summary>One child of a directory gctool holds open, to be renamed into the trash under <paramref name="TrashName"/>.</summary>
/// <param name="Child">Its name in that directory.</param>
/// <param name="TrashName">Its name in the trash run: letters, digits, '.', '_' and '-', not starting with '.'
/// (<see cref="Trash.ItemName"/> for cache entries).</param>
/// <param name="Directory">True when only a real directory may be moved (entries, temporary directories); false for a regular file.</param>
public sealed record TrashCandidate(string Child, string TrashName, bool Directory);

/// <summary>What moving one <see cref="TrashCandidate"/> into the trash did.</summary>
public enum TrashMoveState
{
    /// <summary>It is in the trash, journaled: the very inode that was checked.</summary>
    Moved,
    /// <summary>Left where it was: gone, not the kind expected, on another mount, or swapped while being moved.</summary>
    Skipped,
    /// <summary>The rename (or the journal) failed; the reason says why. Nothing was moved.</summary>
    Failed,
    /// <summary>Cancelled before its turn; untouched.</summary>
    NotAttempted,
}

public sealed record TrashMove(TrashCandidate Candidate, TrashMoveState State, string? Error);
