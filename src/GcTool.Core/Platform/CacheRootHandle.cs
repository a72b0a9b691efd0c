using GcTool.Core.Cache;
using GcTool.Core.Errors;
using GcTool.Core.Locking;

namespace GcTool.Core.Platform;

/// <summary>
/// The uv cache root, opened once by the path the operator gave (the one path gctool trusts), and
/// the only start of every file-system operation gc makes on the cache and its trash: buckets,
/// pointer directories and the trash are opened below it with <see cref="DirectoryHandles.OpenBeneath"/>,
/// so no directory a user can rename or replace is ever resolved by path again.
/// </summary>
/// <remarks>
/// The descriptor must still be the directory <see cref="UvCache.Open"/> checked (device and inode):
/// a cache root swapped since then is refused rather than worked on.
/// </remarks>
internal sealed class CacheRootHandle : IDisposable
{
    private CacheRootHandle(FileDescriptorHandle handle, HandleStatus status, string path)
    {
        Handle = handle;
        Status = status;
        Path = path;
    }

    public FileDescriptorHandle Handle { get; }

    /// <summary>The root's own statx: its device and mount are the ones nothing below may leave.</summary>
    public HandleStatus Status { get; }

    /// <summary>The real root path, for messages only.</summary>
    public string Path { get; }

    public static CacheRootHandle Open(UvCache cache)
    {
        var handle = DirectoryHandles.OpenTrustedDirectory(cache.RealRoot, out var errno)
            ?? throw new GcToolException(ExitCode.Failure, $"cannot open the uv cache {cache.RealRoot}: {Libc.Describe(errno)}");
        if (DirectoryHandles.StatSelf(handle) is not { } status
            || status.Status.Device != cache.Identity.Device || status.Status.Inode != cache.Identity.Inode)
        {
            handle.Dispose();
            throw new SafetyRefusalException($"the uv cache {cache.RealRoot} was replaced while gctool ran; run gc again");
        }
        return new CacheRootHandle(handle, status, cache.RealRoot);
    }

    /// <summary>A directory below the root by its relative path, never through a symlink or across a mount.</summary>
    public FileDescriptorHandle? OpenDirectory(string relativePath, out int errno) =>
        DirectoryHandles.OpenBeneath(Handle, relativePath, out errno);

    /// <summary>The path of <paramref name="absolutePath"/> relative to the root, or null when it is not strictly below it.</summary>
    public string? RelativePathOf(string absolutePath)
    {
        var prefix = Path.EndsWith('/') ? Path : Path + "/";
        return absolutePath.Length > prefix.Length && absolutePath.StartsWith(prefix, StringComparison.Ordinal) ? absolutePath[prefix.Length..] : null;
    }

    public void Dispose() => Handle.Dispose();
}
