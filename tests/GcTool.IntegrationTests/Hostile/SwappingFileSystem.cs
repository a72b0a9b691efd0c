using System.IO.Abstractions;

namespace GcTool.IntegrationTests.Hostile;

/// <summary>
/// The real file system, except that the first <c>Directory.Move</c> (or listing) of a chosen path
/// runs an attacker's action first: an in-process seam for time-of-check/time-of-use races, placed
/// after every check gctool makes and right before the operation it guards.
/// </summary>
internal sealed class SwappingFileSystem : IFileSystem
{
    private readonly FileSystem _real = new();
    private readonly HookedDirectory _directory;

    public SwappingFileSystem() => _directory = new HookedDirectory(this);

    /// <summary>Runs once, just before the first <c>Directory.Move</c> whose source is this path.</summary>
    public (string Path, Action Swap)? BeforeMove { get; set; }

    /// <summary>Runs once, just after the first listing of a path it matches (between list and descend).</summary>
    public (Func<string, bool> Matches, Action<string> Swap)? AfterList { get; set; }

    public bool MoveHookRan { get; private set; }
    public bool ListHookRan { get; private set; }

    public IDirectory Directory => _directory;
    public IDirectoryInfoFactory DirectoryInfo => _real.DirectoryInfo;
    public IDriveInfoFactory DriveInfo => _real.DriveInfo;
    public IFile File => _real.File;
    public IFileInfoFactory FileInfo => _real.FileInfo;
    public IFileStreamFactory FileStream => _real.FileStream;
    public IFileSystemWatcherFactory FileSystemWatcher => _real.FileSystemWatcher;
    public IFileVersionInfoFactory FileVersionInfo => _real.FileVersionInfo;
    public IPath Path => _real.Path;
    public IRandomAccess RandomAccess => _real.RandomAccess;

    private sealed class HookedDirectory(SwappingFileSystem fs) : DirectoryWrapper(fs)
    {
        public override void Move(string sourceDirName, string destDirName)
        {
            if (fs.BeforeMove is { } hook && hook.Path == sourceDirName && !fs.MoveHookRan)
            {
                fs.MoveHookRan = true;
                hook.Swap();
            }
            base.Move(sourceDirName, destDirName);
        }

        public override IEnumerable<string> EnumerateFileSystemEntries(string path, string searchPattern, EnumerationOptions enumerationOptions)
        {
            var entries = base.EnumerateFileSystemEntries(path, searchPattern, enumerationOptions).ToList();
            RunListHook(path);
            return entries;
        }

        public override IEnumerable<string> EnumerateFileSystemEntries(string path)
        {
            var entries = base.EnumerateFileSystemEntries(path).ToList();
            RunListHook(path);
            return entries;
        }

        private void RunListHook(string path)
        {
            if (fs.AfterList is { } hook && !fs.ListHookRan && hook.Matches(path))
            {
                fs.ListHookRan = true;
                hook.Swap(path);
            }
        }
    }
}
