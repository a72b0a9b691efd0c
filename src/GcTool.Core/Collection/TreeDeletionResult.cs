namespace GcTool.Core.Collection;

/// <summary>What <see cref="HandleTreeDeleter"/> removed, and what it could not.</summary>
/// <param name="FilesDeleted">Non-directories unlinked: regular files, symlinks (never their targets), others.</param>
/// <param name="DirectoriesDeleted">Directories removed with rmdir.</param>
/// <param name="BytesFreed">Sizes of the regular files whose link count was 1 when unlinked; a file also
/// held through a hardlink elsewhere frees nothing.</param>
/// <param name="Failures">Each path that could not be removed, with the reason. Deletion went on past them.</param>
/// <param name="Completed">The top path is gone (including when it was already gone).</param>
/// <param name="Cancelled">Cancellation stopped the deletion early; run it again to finish.</param>
public sealed record TreeDeletionResult(
    long FilesDeleted,
    long DirectoriesDeleted,
    long BytesFreed,
    IReadOnlyList<TreeDeletionFailure> Failures,
    bool Completed,
    bool Cancelled = false);

/// <summary>A path <see cref="HandleTreeDeleter"/> could not delete, and why (one line).</summary>
public sealed record TreeDeletionFailure(string Path, string Reason);
