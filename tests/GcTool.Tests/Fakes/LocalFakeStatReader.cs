using System.IO.Abstractions.TestingHelpers;
using GcTool.Core.Platform;

namespace GcTool.Tests.Fakes;

/// <summary>
/// lstat over a <see cref="MockFileSystem"/>: kinds and sizes from the mock, a stable made-up inode
/// per path, link counts set by the test. Local to these tests (a shared fake lives in TestSupport).
/// </summary>
internal sealed class LocalFakeStatReader(MockFileSystem fileSystem) : IFileStatReader
{
    private const ulong Device = 42;
    private readonly Dictionary<string, ulong> _inodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, uint> _linkCounts = new(StringComparer.Ordinal);
    private ulong _nextInode = 1000;

    /// <summary>Makes <paramref name="path"/> look hardlinked (st_nlink).</summary>
    public LocalFakeStatReader WithLinkCount(string path, uint linkCount)
    {
        _linkCounts[path] = linkCount;
        return this;
    }

    /// <summary>From now on <paramref name="path"/> reports a different inode, as if it had been replaced.</summary>
    public void Replace(string path) => _inodes[path] = _nextInode++;

    public FileStatus? TryLStat(string path)
    {
        if (!OperatingSystem.IsWindows() && fileSystem is PermissionMockFileSystem permissions
            && !permissions.CanSearch(fileSystem.Path.GetDirectoryName(path) ?? "/")) return null; // EACCES
        var data = fileSystem.GetFile(path);
        if (data is null) return null;
        var kind = data.LinkTarget is not null ? FileKind.Symlink
            : data.IsDirectory ? FileKind.Directory
            : FileKind.File;
        if (!_inodes.TryGetValue(path, out var inode)) _inodes[path] = inode = _nextInode++;
        var size = kind == FileKind.File ? data.Contents.LongLength : 0;
        var linkCount = _linkCounts.GetValueOrDefault(path, kind == FileKind.Directory ? 2u : 1u);
        return new FileStatus(kind, Device, inode, linkCount, size, 0, 0);
    }

    public string? TryRealPath(string path) => fileSystem.GetFile(path) is null ? null : fileSystem.Path.GetFullPath(path);
}
