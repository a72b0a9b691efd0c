using System.IO.Abstractions.TestingHelpers;
using GcTool.Core.Platform;

namespace GcTool.IntegrationTests.Cli.Fakes;

/// <summary>lstat/realpath over a MockFileSystem, with optional symlinked directories (<c>link → target</c>).</summary>
internal sealed class MockStatReader(MockFileSystem fs) : IFileStatReader
{
    private readonly Dictionary<string, string> _symlinks = new(StringComparer.Ordinal);

    public void AddDirectorySymlink(string link, string target) => _symlinks[link] = target;

    public FileStatus? TryLStat(string path)
    {
        if (_symlinks.ContainsKey(path)) return new FileStatus(FileKind.Symlink, 1, Inode(path), 1, 0, 0, 0);
        if (fs.Directory.Exists(path)) return new FileStatus(FileKind.Directory, 1, Inode(path), 2, 4096, 0, 0);
        if (fs.File.Exists(path)) return new FileStatus(FileKind.File, 1, Inode(path), 1, fs.FileInfo.New(path).Length, 0, 0);
        return null;
    }

    public string? TryRealPath(string path)
    {
        var resolved = Resolve(path);
        return fs.Directory.Exists(resolved) || fs.File.Exists(resolved) ? resolved : null;
    }

    private string Resolve(string path)
    {
        foreach (var (link, target) in _symlinks)
        {
            if (path == link) return target;
            if (path.StartsWith(link + "/", StringComparison.Ordinal)) return target + path[link.Length..];
        }
        return path;
    }

    private static ulong Inode(string path) => (ulong)(uint)StringComparer.Ordinal.GetHashCode(path);
}
