using GcTool.Core.Locking;

namespace GcTool.Core.Platform;

/// <summary>
/// lstat of paths relative to the cache root, each through a handle on its parent opened beneath the root
/// (<see cref="CacheRootHandle.OpenDirectory"/>: no symlink followed, no mount crossed). Parent handles are kept
/// for the object's lifetime, so re-checking every directory of one tree opens each directory once.
/// </summary>
internal sealed class BeneathRootStat(CacheRootHandle root) : IDisposable
{
    private readonly Dictionary<string, FileDescriptorHandle?> _parents = new(StringComparer.Ordinal);

    /// <summary>The entry's own status (a link is not followed); null when it, or a directory on the way, is missing or not reachable safely.</summary>
    public FileStatus? LStat(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        var parent = slash < 0 ? root.Handle : Parent(relativePath[..slash]);
        if (parent is null) return null;
        return DirectoryHandles.StatChild(parent, DirectoryHandles.Name(relativePath[(slash + 1)..]))?.Status;
    }

    private FileDescriptorHandle? Parent(string relativePath)
    {
        if (!_parents.TryGetValue(relativePath, out var handle))
            _parents[relativePath] = handle = root.OpenDirectory(relativePath, out _);
        return handle;
    }

    public void Dispose()
    {
        foreach (var handle in _parents.Values) handle?.Dispose();
        _parents.Clear();
    }
}
