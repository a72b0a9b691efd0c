using GcTool.Core.Locking;
using GcTool.Core.Platform;

namespace GcTool.Core.Collection;

/// <summary>
/// Deletes a tree the way a careful <c>rm -rf --one-file-system</c> does, by directory handle and
/// never by path: each directory is opened from its parent's descriptor with
/// <c>O_NOFOLLOW|O_DIRECTORY</c>, checked (same device, inode and mount as seen in the listing),
/// listed and emptied with <c>unlinkat</c> on that descriptor. A user who swaps a directory for a
/// symlink, or renames one on the way, mid-deletion can at worst make gctool skip it; root's
/// deletion never leaves the tree it opened (the fix of Rust's CVE-2022-21658 remove_dir_all).
/// </summary>
/// <remarks>
/// A directory on another mount (a bind mount, even of the same file system) is never entered: it
/// is reported and kept. A directory that cannot be opened safely is left; partial failure is a
/// result. As uv's removal does, a directory that refuses to be listed or emptied gets u+rwx once,
/// through its own handle. The parent handle given is never changed.
/// </remarks>
internal sealed class HandleTreeDeleter
{
    private const uint UserRwx = 0x1c0;

    /// <summary>Deletes <paramref name="name"/> in <paramref name="parent"/> and everything really below it.</summary>
    /// <param name="displayPath">Its path, for failures only (never resolved).</param>
    public TreeDeletionResult Delete(FileDescriptorHandle parent, string name, string displayPath,
        TopSymlinkPolicy topSymlink = TopSymlinkPolicy.UnlinkLink, CancellationToken cancellation = default)
    {
        var tally = new Tally();
        if (cancellation.IsCancellationRequested) return tally.Result(false, cancelled: true);
        var rawName = DirectoryHandles.Name(name);
        var parentStatus = DirectoryHandles.StatSelf(parent);
        var top = DirectoryHandles.StatChild(parent, rawName);
        if (top is null)
        {
            if (Libc.LastErrno == Libc.ENoEnt) return tally.Result(true);
            tally.Fail(displayPath, $"cannot lstat it: {Libc.Describe(Libc.LastErrno)}");
            return tally.Result(false);
        }
        if (top.Value.Status.Kind != FileKind.Directory)
        {
            if (top.Value.Status.Kind == FileKind.Symlink && topSymlink == TopSymlinkPolicy.Refuse)
            {
                tally.Fail(displayPath, "is a symlink, not a directory; refused to delete it (neither the link nor its target was touched)");
                return tally.Result(false);
            }
            return tally.Result(UnlinkFile(parent, rawName, top.Value.Status, displayPath, tally));
        }
        if (parentStatus is { } p && !p.SameMount(top.Value))
        {
            tally.Fail(displayPath, "is on another mount; never deleted across a mount, left alone");
            return tally.Result(false);
        }
        return DeleteTree(parent, rawName, displayPath, top.Value, tally, cancellation);
    }

    private TreeDeletionResult DeleteTree(FileDescriptorHandle topParent, byte[] topName, string topPath, HandleStatus topStatus,
        Tally tally, CancellationToken cancellation)
    {
        var root = new Frame(topName, topPath, topStatus, parent: null);
        var stack = new Stack<Frame>();
        stack.Push(root);
        var rootRemoved = false;
        try
        {
            while (stack.TryPeek(out var dir))
            {
                if (cancellation.IsCancellationRequested) return tally.Result(false, cancelled: true);
                if (!dir.Listed)
                {
                    dir.Listed = true;
                    var parentFd = dir.Parent?.Handle ?? topParent;
                    if (!Open(dir, parentFd, tally)) { dir.Incomplete = true; continue; }
                    var names = DirectoryHandles.List(dir.Handle!, out var errno);
                    if (names is null && errno == Libc.EAccess && TryUserRwx(dir)) names = DirectoryHandles.List(dir.Handle!, out errno);
                    if (names is null)
                    {
                        tally.Fail(dir.Path, $"cannot list it: {Libc.Describe(errno)}");
                        dir.Incomplete = true;
                        continue;
                    }
                    foreach (var name in names)
                    {
                        if (cancellation.IsCancellationRequested) break;
                        var childPath = dir.Path + "/" + DirectoryHandles.Display(name);
                        if (!DirectoryHandles.IsValidUtf8(name))
                        {
                            // Kept as before: reports and paths must stay faithful, so the operator removes it by hand.
                            tally.Fail(childPath, "its name is not valid UTF-8, which .NET cannot address; remove it by hand");
                            dir.Incomplete = true;
                            continue;
                        }
                        var status = DirectoryHandles.StatChild(dir.Handle!, name);
                        if (status is null && Libc.LastErrno == Libc.EAccess && TryUserRwx(dir)) status = DirectoryHandles.StatChild(dir.Handle!, name);
                        if (status is null)
                        {
                            if (Libc.LastErrno == Libc.ENoEnt) continue; // already gone
                            tally.Fail(childPath, $"cannot lstat it: {Libc.Describe(Libc.LastErrno)}");
                            dir.Incomplete = true;
                        }
                        else if (status.Value.Status.Kind == FileKind.Directory)
                        {
                            if (!dir.Status.SameMount(status.Value))
                            {
                                tally.Fail(childPath, "is on another mount (a bind mount?); never deleted across a mount, left alone");
                                dir.Incomplete = true;
                                continue;
                            }
                            stack.Push(new Frame(name, childPath, status.Value, dir));
                        }
                        else if (!UnlinkFile(dir, name, status.Value.Status, childPath, tally))
                        {
                            dir.Incomplete = true;
                        }
                    }
                    continue;
                }

                stack.Pop();
                dir.Close();
                var removed = !dir.Incomplete && RemoveDirectory(dir, dir.Parent?.Handle ?? topParent, tally);
                if (!removed && dir.Parent is not null) dir.Parent.Incomplete = true;
                if (ReferenceEquals(dir, root)) rootRemoved = removed;
            }
            return tally.Result(rootRemoved);
        }
        finally
        {
            foreach (var frame in stack) frame.Close();
        }
    }

    /// <summary>Opens a directory from its parent's handle and checks it is the very one listed there.</summary>
    private static bool Open(Frame dir, FileDescriptorHandle parent, Tally tally)
    {
        var handle = DirectoryHandles.OpenChildDirectory(parent, dir.Name, out var errno);
        var pathOnly = false;
        if (handle is null && errno == Libc.EAccess)
        {
            // Not searchable: open the inode itself (O_PATH needs no permission), check it, then u+rwx it.
            handle = DirectoryHandles.OpenChildDirectory(parent, dir.Name, out errno, pathOnly: true);
            pathOnly = handle is not null;
        }
        if (handle is null)
        {
            tally.Fail(dir.Path, errno is DirectoryHandles.ELoop or DirectoryHandles.ENotDir
                ? "changed while being deleted (no longer the directory first seen there); left alone"
                : $"cannot open it: {Libc.Describe(errno)}");
            return false;
        }
        if (DirectoryHandles.StatSelf(handle) is not { Status.Kind: FileKind.Directory } now
            || now.Status.Id != dir.Status.Status.Id || !now.SameMount(dir.Status))
        {
            handle.Dispose();
            tally.Fail(dir.Path, "changed while being deleted (no longer the directory first seen there); left alone");
            return false;
        }
        if (pathOnly)
        {
            var reopened = DirectoryHandles.ChangeMode(handle, now.Mode & 0xfff | UserRwx, pathOnly: true)
                ? DirectoryHandles.Reopen(handle, out errno)
                : null;
            handle.Dispose();
            dir.ChmodTried = true;
            if (reopened is null || DirectoryHandles.StatSelf(reopened)?.Status.Id != dir.Status.Status.Id)
            {
                reopened?.Dispose();
                tally.Fail(dir.Path, $"cannot open it: {Libc.Describe(errno == 0 ? Libc.EAccess : errno)}");
                return false;
            }
            handle = reopened;
        }
        dir.Handle = handle;
        return true;
    }

    private static bool UnlinkFile(Frame dir, byte[] name, FileStatus status, string path, Tally tally)
    {
        var errno = DirectoryHandles.Unlink(dir.Handle!, name, directory: false);
        if (errno == Libc.EAccess && TryUserRwx(dir)) errno = DirectoryHandles.Unlink(dir.Handle!, name, directory: false);
        return Counted(errno, status, path, tally);
    }

    private static bool UnlinkFile(FileDescriptorHandle parent, byte[] name, FileStatus status, string path, Tally tally) =>
        Counted(DirectoryHandles.Unlink(parent, name, directory: false), status, path, tally);

    private static bool Counted(int errno, FileStatus status, string path, Tally tally)
    {
        if (errno == Libc.ENoEnt) return true;
        if (errno != 0)
        {
            tally.Fail(path, Libc.Describe(errno));
            return false;
        }
        tally.Files++;
        FaultInjection.Reached("mid-trash-delete");
        FaultInjection.Reached("stop-mid-trash-delete");
        if (status.Kind == FileKind.File && status.LinkCount == 1) tally.Bytes += status.Size;
        return true;
    }

    private static bool RemoveDirectory(Frame dir, FileDescriptorHandle parent, Tally tally)
    {
        var errno = DirectoryHandles.Unlink(parent, dir.Name, directory: true);
        if (errno == Libc.EAccess && dir.Parent is { } p && TryUserRwx(p)) errno = DirectoryHandles.Unlink(parent, dir.Name, directory: true);
        if (errno != 0)
        {
            tally.Fail(dir.Path, Libc.Describe(errno));
            return false;
        }
        tally.Directories++;
        return true;
    }

    private static bool TryUserRwx(Frame dir)
    {
        if (dir.ChmodTried || dir.Handle is null) return false;
        dir.ChmodTried = true;
        if (DirectoryHandles.StatSelf(dir.Handle) is not { } now || (now.Mode & UserRwx) == UserRwx) return false;
        return DirectoryHandles.ChangeMode(dir.Handle, now.Mode & 0xfff | UserRwx, pathOnly: false);
    }

    private sealed class Frame(byte[] name, string path, HandleStatus status, Frame? parent)
    {
        public byte[] Name { get; } = name;
        public string Path { get; } = path;
        public HandleStatus Status { get; } = status;
        public Frame? Parent { get; } = parent;
        public FileDescriptorHandle? Handle { get; set; }
        public bool Listed { get; set; }
        public bool Incomplete { get; set; }
        public bool ChmodTried { get; set; }

        public void Close()
        {
            Handle?.Dispose();
            Handle = null;
        }
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
