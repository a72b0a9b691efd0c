using System.IO.Abstractions.TestingHelpers;
using GcTool.Core.Platform;

namespace GcTool.TestSupport;

/// <summary>
/// <see cref="IFileStatReader"/> over a <see cref="MockFileSystem"/>, for unit tests.
/// A path is a symlink when its mock data has a <c>LinkTarget</c> (use <see cref="AddSymlink"/>
/// for relative or dangling targets; MockFileSystem's own CreateSymbolicLink needs an existing target).
/// Inodes are assigned per path on first use and stay stable; <see cref="MakeHardlink"/> makes two
/// paths share one, and link counts and mtimes can be set.
/// </summary>
public sealed class FakeFileStatReader(MockFileSystem fileSystem) : IFileStatReader
{
    private const int MaxSymlinks = 40; // Linux's MAXSYMLINKS
    private readonly Dictionary<string, ulong> _inodes = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, uint> _linkCounts = [];
    private readonly Dictionary<string, long> _modifiedNs = new(StringComparer.Ordinal);
    private ulong _nextInode = 1000;

    public MockFileSystem FileSystem { get; } = fileSystem;

    /// <summary>st_dev reported for every path.</summary>
    public ulong Device { get; set; } = 0x0803;

    /// <summary>Adds a symlink whose target is stored verbatim (relative, absolute, or dangling).</summary>
    public void AddSymlink(string path, string target)
    {
        FileSystem.AddFile(path, new MockFileData(Array.Empty<byte>()) { LinkTarget = target });
    }

    /// <summary>Makes <paramref name="other"/> a hardlink of <paramref name="existing"/> (creating it with the same bytes if missing).</summary>
    public void MakeHardlink(string existing, string other)
    {
        existing = Key(existing);
        other = Key(other);
        var data = FileSystem.GetFile(existing) ?? throw new FileNotFoundException(existing);
        if (FileSystem.GetFile(other) is null) FileSystem.AddFile(other, new MockFileData(data.Contents));
        var inode = InodeOf(existing);
        _inodes[other] = inode;
        _linkCounts[inode] = (uint)_inodes.Values.Count(i => i == inode);
    }

    /// <summary>Overrides st_nlink of the inode at <paramref name="path"/>.</summary>
    public void SetLinkCount(string path, uint count) => _linkCounts[InodeOf(Key(path))] = count;

    public void SetModified(string path, DateTimeOffset time) => _modifiedNs[Key(path)] = time.ToUnixTimeMilliseconds() * 1_000_000;

    /// <summary>The inode number the fake reports for a path.</summary>
    public ulong InodeOf(string path)
    {
        path = Key(path);
        if (!_inodes.TryGetValue(path, out var inode)) _inodes[path] = inode = _nextInode++;
        return inode;
    }

    public FileStatus? TryLStat(string path)
    {
        // lstat follows symlinks in every component but the last.
        var full = Absolute(path);
        if (Path.GetFileName(full) is "." or "..") return TryRealPath(full) is { } dir ? TryLStat(dir) : null;
        var parent = Path.GetDirectoryName(full);
        var resolvedParent = parent is null ? null : TryRealPath(parent);
        if (parent is not null && resolvedParent is null) return null;
        var at = resolvedParent is null ? full : Path.Combine(resolvedParent, Path.GetFileName(full));
        if (FileSystem.GetFile(at) is not { } data) return null;

        var kind = data.LinkTarget is not null ? FileKind.Symlink : data.IsDirectory ? FileKind.Directory : FileKind.File;
        var inode = InodeOf(at);
        var size = kind switch
        {
            FileKind.Symlink => data.LinkTarget!.Length,
            FileKind.Directory => 4096,
            _ => data.Contents.LongLength,
        };
        var modified = _modifiedNs.TryGetValue(at, out var ns) ? ns : data.LastWriteTime.ToUnixTimeMilliseconds() * 1_000_000;
        var links = _linkCounts.TryGetValue(inode, out var n) ? n : kind == FileKind.Directory ? 2u : 1u;
        return new FileStatus(kind, Device, inode, links, size, modified, modified);
    }

    /// <summary>realpath(3) over the mock: resolves '.', '..' and symlinks (relative, absolute, chains); null if missing or looping.</summary>
    public string? TryRealPath(string path)
    {
        var pending = new List<string>(Components(Absolute(path)));
        var resolved = new List<string>();
        var followed = 0;
        while (pending.Count > 0)
        {
            var component = pending[0];
            pending.RemoveAt(0);
            if (component is "" or ".") continue;
            if (component == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                continue;
            }

            var candidate = "/" + string.Join('/', resolved.Append(component));
            if (FileSystem.GetFile(candidate) is not { } data) return null;
            if (data.LinkTarget is { } target)
            {
                if (++followed > MaxSymlinks) return null;
                if (target.StartsWith('/')) resolved.Clear();
                pending.InsertRange(0, Components(target));
                continue;
            }
            if (!data.IsDirectory && pending.Any(c => c is not ("" or "."))) return null; // ENOTDIR
            resolved.Add(component);
        }
        return "/" + string.Join('/', resolved);
    }

    private string Key(string path) => Core.Paths.TrimTrailingSeparator(FileSystem.Path.GetFullPath(path));

    /// <summary>Absolute but not normalised: '..' after a symlink must apply to the link's target.</summary>
    private string Absolute(string path) =>
        Core.Paths.TrimTrailingSeparator(path.StartsWith('/') ? path : FileSystem.Path.Combine(FileSystem.Directory.GetCurrentDirectory(), path));

    private static string[] Components(string path) => path.Split('/');
}
