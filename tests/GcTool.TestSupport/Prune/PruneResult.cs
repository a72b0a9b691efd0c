namespace GcTool.TestSupport;

/// <summary>What a simulated <c>uv cache prune</c> did.</summary>
/// <param name="Removed">Every path it removed (each the top of an <c>rm -rf</c>), in order.</param>
/// <param name="Locked">Whether it held LOCK_EX (false with <c>--force</c> on a busy lock, or when not taking it).</param>
/// <param name="Waited">Whether it had to wait for the lock ("Cache is currently in-use…").</param>
public sealed record PruneResult(IReadOnlyList<string> Removed, bool Locked, bool Waited)
{
    public static readonly PruneResult NoCache = new([], Locked: false, Waited: false);

    public bool RemovedPath(string path) => Removed.Contains(path);

    public bool RemovedEntry(ArchiveEntry entry) => Removed.Any(p => Path.GetFileName(p) == entry.Id && Path.GetFileName(Path.GetDirectoryName(p)) == "archive-v0");
}
