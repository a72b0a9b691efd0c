using System.IO.Abstractions;
using GcTool.Core.Platform;

namespace GcTool.Core.Collection;

/// <summary>
/// Deletes a tree that gctool has already renamed into its trash, never following a symlink, and
/// keeps going past failures: the result counts what went and lists what did not.
/// </summary>
/// <remarks>
/// <para>
/// <b>No lock parameter.</b> The sweep renames entries into the trash under uv's lock; deleting the
/// trash happens after the lock is released (uv never looks there), so this type takes no
/// <see cref="Locking.ICacheLock"/>. It must only ever be given gctool's own trash.
/// </para>
/// <para>
/// <b>Never following symlinks.</b> Every path is lstat'ed before it is acted on; only real
/// directories are descended into; symlinks (to directories too) are unlinked, so their targets,
/// inside or outside the cache, are never touched. A directory's listing is used only if the path
/// still names the same directory (device and inode) after it was listed, which narrows the race
/// with someone swapping a directory for a symlink; closing it entirely needs openat/unlinkat on
/// directory descriptors, which System.IO.Abstractions cannot express. The trash is private to
/// gctool, so the window matters only against a hostile user who can write into the cache.
/// </para>
/// <para>
/// <b>Permissions.</b> As uv's removal does, a directory that refuses to be listed or emptied gets
/// <c>u+rwx</c> once and the operation is retried. The parent of the top path is never changed.
/// Root ignores permission bits, so this matters only for unprivileged runs.
/// </para>
/// <para>
/// <b>Limits.</b> The walk is iterative (an explicit stack), so depth cannot overflow the call
/// stack, but paths longer than PATH_MAX (4096 bytes) fail like any other failure. A name that is
/// not valid UTF-8 is decoded by .NET with U+FFFD and cannot be addressed again: it is reported as a
/// failure (remove it by hand) and its directories stay.
/// </para>
/// </remarks>
public sealed class SafeTreeDeleter(IFileSystem fileSystem, IFileStatReader stat)
{
    private const UnixFileMode UserRwx = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    // Explicit: the default EnumerationOptions skip hidden entries, and on Unix every dotfile is hidden.
    private static readonly EnumerationOptions AllEntries = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
        MatchType = MatchType.Simple,
        MatchCasing = MatchCasing.CaseSensitive,
    };

    /// <summary>Deletes <paramref name="path"/> and everything below it that is really below it.</summary>
    /// <param name="topSymlink">What to do if <paramref name="path"/> itself is a symlink.</param>
    /// <param name="cancellation">Checked between entries; a cancelled run returns early with
    /// <see cref="TreeDeletionResult.Cancelled"/> set and can simply be run again.</param>
    public TreeDeletionResult Delete(
        string path,
        TopSymlinkPolicy topSymlink = TopSymlinkPolicy.UnlinkLink,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // "link/" would make lstat follow the link.
        path = Paths.TrimTrailingSeparator(path);
        if (fileSystem is FileSystem && !OperatingSystem.IsWindows()) return DeleteByHandle(path, topSymlink, cancellation);
        var tally = new Tally();
        if (cancellation.IsCancellationRequested) return tally.Result(completed: false, cancelled: true);

        var top = stat.TryLStat(path);
        if (top is null)
        {
            if (!StillThere(path)) return tally.Result(completed: true);
            tally.Fail(path, UnreadableReason(path));
            return tally.Result(completed: false);
        }

        switch (top.Value.Kind)
        {
            case FileKind.Directory:
                return DeleteTree(path, top.Value.Id, tally, cancellation);
            case FileKind.Symlink when topSymlink == TopSymlinkPolicy.Refuse:
                tally.Fail(path, "is a symlink, not a directory; refused to delete it (neither the link nor its target was touched)");
                return tally.Result(completed: false);
            default:
                return tally.Result(completed: Unlink(path, top.Value, writableParent: null, tally));
        }
    }

    /// <summary>
    /// On the real file system: the parent path is opened once (the caller's path, trusted as given)
    /// and everything below it is deleted by handle, never by path, so a swap mid-deletion cannot
    /// redirect it (<see cref="HandleTreeDeleter"/>).
    /// </summary>
    private static TreeDeletionResult DeleteByHandle(string path, TopSymlinkPolicy topSymlink, CancellationToken cancellation)
    {
        var parentPath = Path.GetDirectoryName(path);
        var name = Path.GetFileName(path);
        if (string.IsNullOrEmpty(parentPath) || string.IsNullOrEmpty(name) || name is "." or "..")
            return new TreeDeletionResult(0, 0, 0, [new TreeDeletionFailure(path, "not a path below a directory; refused")], false);
        using var parent = DirectoryHandles.OpenTrustedDirectory(parentPath, out var errno);
        if (parent is null)
            return errno == Locking.Libc.ENoEnt
                ? new TreeDeletionResult(0, 0, 0, [], true)
                : new TreeDeletionResult(0, 0, 0, [new TreeDeletionFailure(path, $"cannot open its directory: {Locking.Libc.Describe(errno)}")], false);
        return new HandleTreeDeleter().Delete(parent, name, path, topSymlink, cancellation);
    }

    /// <summary>Post-order walk: list a directory, unlink its non-directories, push its directories;
    /// rmdir it once everything pushed above it on the stack has been handled.</summary>
    private TreeDeletionResult DeleteTree(string path, FileId id, Tally tally, CancellationToken cancellation)
    {
        var root = new Frame(path, id, parent: null);
        var stack = new Stack<Frame>();
        stack.Push(root);
        var rootRemoved = false;

        while (stack.TryPeek(out var dir))
        {
            if (cancellation.IsCancellationRequested) return tally.Result(completed: false, cancelled: true);

            if (!dir.Listed)
            {
                dir.Listed = true;
                var entries = List(dir, tally);
                if (entries is null)
                {
                    dir.Incomplete = true;
                    continue;
                }
                foreach (var entry in entries)
                {
                    if (cancellation.IsCancellationRequested) break;
                    var status = stat.TryLStat(entry);
                    if (status is null && !dir.ChmodTried)
                    {
                        // A directory readable but not searchable (r without x) lists but cannot lstat.
                        dir.ChmodTried = true;
                        if (TryMakeUserRwx(dir.Path)) status = stat.TryLStat(entry);
                    }
                    if (status is null)
                    {
                        if (!StillThere(entry) && !IsUndecodable(entry)) continue; // already gone
                        tally.Fail(entry, UnreadableReason(entry));
                        dir.Incomplete = true;
                    }
                    else if (status.Value.Kind == FileKind.Directory)
                    {
                        stack.Push(new Frame(entry, status.Value.Id, dir));
                    }
                    else if (!Unlink(entry, status.Value, dir, tally))
                    {
                        dir.Incomplete = true;
                    }
                }
                continue;
            }

            stack.Pop();
            // A directory with a failure below it cannot be empty; rmdir would only add noise.
            var removed = !dir.Incomplete && RemoveDirectory(dir, tally);
            if (!removed && dir.Parent is not null) dir.Parent.Incomplete = true;
            if (ReferenceEquals(dir, root)) rootRemoved = removed;
        }

        return tally.Result(completed: rootRemoved);
    }

    private List<string>? List(Frame dir, Tally tally)
    {
        List<string> entries = [];
        if (!Attempt(() => entries = fileSystem.Directory.EnumerateFileSystemEntries(dir.Path, "*", AllEntries).ToList(), dir, out var error))
        {
            tally.Fail(dir.Path, error);
            return null;
        }

        var now = stat.TryLStat(dir.Path);
        if (now is not { Kind: FileKind.Directory } || now.Value.Id != dir.Id)
        {
            tally.Fail(dir.Path, "changed while being deleted (no longer the directory first seen there); left alone");
            return null;
        }
        return entries;
    }

    /// <summary>Unlinks a non-directory: a symlink itself, never its target.</summary>
    private bool Unlink(string path, FileStatus status, Frame? writableParent, Tally tally)
    {
        if (!Attempt(() => fileSystem.File.Delete(path), writableParent, out var error))
        {
            tally.Fail(path, error);
            return false;
        }
        tally.Files++;
        FaultInjection.Reached("mid-trash-delete");
        if (status.Kind == FileKind.File && status.LinkCount == 1) tally.Bytes += status.Size;
        return true;
    }

    private bool RemoveDirectory(Frame dir, Tally tally)
    {
        if (!Attempt(() => fileSystem.Directory.Delete(dir.Path, recursive: false), dir.Parent, out var error))
        {
            tally.Fail(dir.Path, error);
            return false;
        }
        tally.Directories++;
        return true;
    }

    /// <summary>Runs <paramref name="operation"/>; on permission denied, gives <paramref name="directory"/>
    /// u+rwx once (if not done yet) and retries.</summary>
    private bool Attempt(Action operation, Frame? directory, out string error)
    {
        while (true)
        {
            try
            {
                operation();
                error = "";
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (e is UnauthorizedAccessException && directory is { ChmodTried: false })
                {
                    directory.ChmodTried = true;
                    if (TryMakeUserRwx(directory.Path)) continue;
                }
                error = e.Message.ReplaceLineEndings(" ");
                return false;
            }
        }
    }

    private bool TryMakeUserRwx(string directory)
    {
        if (OperatingSystem.IsWindows()) return false;
        try
        {
            var mode = fileSystem.File.GetUnixFileMode(directory);
            if ((mode & UserRwx) == UserRwx) return false;
            fileSystem.File.SetUnixFileMode(directory, mode | UserRwx);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private bool StillThere(string path) => fileSystem.File.Exists(path) || fileSystem.Directory.Exists(path);

    private static bool IsUndecodable(string path) => Path.GetFileName(path).Contains('\uFFFD');

    private static string UnreadableReason(string path) => IsUndecodable(path)
        ? "its name is not valid UTF-8, which .NET cannot address; remove it by hand"
        : "cannot lstat it";

    private sealed class Frame(string path, FileId id, Frame? parent)
    {
        public string Path { get; } = path;
        public FileId Id { get; } = id;
        public Frame? Parent { get; } = parent;
        public bool Listed { get; set; }
        public bool Incomplete { get; set; }
        public bool ChmodTried { get; set; }
    }

    private sealed class Tally
    {
        private readonly List<TreeDeletionFailure> _failures = [];
        public long Files { get; set; }
        public long Directories { get; set; }
        public long Bytes { get; set; }

        public void Fail(string path, string reason) => _failures.Add(new TreeDeletionFailure(path, reason));

        public TreeDeletionResult Result(bool completed, bool cancelled = false) =>
            new(Files, Directories, Bytes, _failures.ToArray(), completed, cancelled);
    }
}
