using System.Globalization;
using GcTool.Core.Cache;
using GcTool.Core.Errors;
using GcTool.Core.Locking;
using GcTool.Core.Platform;

namespace GcTool.Core.Collection;

/// <summary>
/// gctool's trash in a uv cache, and the one owner of it: its layout
/// (<c>&lt;cache&gt;/.gctool-trash/run-N/&lt;bucket&gt;-&lt;id&gt;</c>), the lock that lets one gc run at
/// a time (flock on <c>.gctool-trash/.lock</c>), the checks that make it gctool's own, resuming what a
/// killed gc left, and deleting. Everything is done through directory handles opened from the cache
/// root (<see cref="CacheRootHandle"/>), never by path.
/// </summary>
/// <remarks>
/// <para>
/// <b>Why a trash.</b> Entries are renamed into it under uv's lock (atomic: uv sees an entry whole or
/// not at all) and deleted after the lock is released, so the byte-proportional part blocks nobody.
/// </para>
/// <para>
/// <b>Whose it is.</b> The cache is writable by every user of the host, so anyone could create
/// <c>.gctool-trash</c> or a <c>run-N</c> first, or swap one for a symlink, and have root rename and
/// delete through it. gctool creates both with mode 0700 as the user it runs as and refuses (exit 4,
/// nothing touched) one that is not a real directory, is owned by anyone else, is writable by group or
/// others, or lies on another mount. (One left by an earlier gctool with the umask's 0755 is
/// tightened to 0700: only its owner could have written it.)
/// </para>
/// <para>
/// <b>What it deletes.</b> Only what gctool put there: each run journals the names and inodes of the
/// items it is about to rename in (<see cref="TrashJournal"/>), before renaming; deletion takes a
/// journaled name only while it is still the journaled inode. Anything else found in the trash is
/// reported and left alone.
/// </para>
/// </remarks>
public sealed class Trash : IDisposable
{
    public const string DirectoryName = ".gctool-trash";
    public const string RunLockName = ".lock";
    private const string RunPrefix = "run-";
    private const uint PrivateMode = 0x1c0; // 0700
    private const uint GroupOrOtherWrite = 0x12; // 0022

    private readonly UvCache _cache;
    private readonly IOperatorLog _log;
    private readonly FileDescriptorHandle _handle;
    private readonly HandleStatus _status;
    private readonly ICacheLock _runLock;

    private Trash(UvCache cache, IOperatorLog log, FileDescriptorHandle handle, HandleStatus status, ICacheLock runLock)
    {
        _cache = cache;
        _log = log;
        _handle = handle;
        _status = status;
        _runLock = runLock;
    }

    /// <summary>The trash's path, for messages only.</summary>
    public string Path => _cache.TrashRoot;

    /// <summary>The name of a cache entry in a trash run: <c>&lt;bucket&gt;-&lt;id&gt;</c>.</summary>
    public static string ItemName(EntryKey entry) => $"{entry.BucketName}-{entry.Id.Value}";

    public static string RunDirectoryName(long runId) => RunPrefix + runId.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Opens the trash below <paramref name="root"/> (creating it, 0700, if missing), checks it is
    /// gctool's, and takes the run lock, waiting up to <paramref name="lockTimeout"/> for another gc.
    /// </summary>
    /// <param name="noTrash">Set, with a null return, when no trash can be created (read-only cache, no
    /// space or inodes left): nothing can be deleted in this run, and nothing is touched.</param>
    /// <exception cref="SafetyRefusalException">The trash or its lock file is not gctool's.</exception>
    /// <exception cref="LockTimeoutException">Another gc held the run lock for <paramref name="lockTimeout"/>.</exception>
    internal static Trash? Open(UvCache cache, IOperatorLog log, CacheRootHandle root, TimeSpan lockTimeout, CancellationToken cancellation, out string? noTrash)
    {
        noTrash = null;
        var path = cache.TrashRoot;
        var handle = OpenOwnDirectory(root.Handle, root.Status, DirectoryName, path, out var created);
        if (handle is null)
        {
            noTrash = $"cannot create the trash directory {path}: {Libc.Describe(created)}; left untouched";
            log.Warn($"cannot create {path} ({Libc.Describe(created)}); nothing can be deleted in this run");
            return null;
        }
        try
        {
            var lockPath = $"{path}/{RunLockName}";
            var lockFile = OpenLockFile(handle, lockPath, out var errno);
            if (lockFile is null)
            {
                handle.Dispose();
                noTrash = $"cannot create the trash lock file {lockPath}: {Libc.Describe(errno)}; left untouched";
                log.Warn($"cannot create {lockPath} ({Libc.Describe(errno)}); nothing can be deleted in this run");
                return null;
            }
            ICacheLock runLock;
            try
            {
                runLock = FlockCacheLocker.Acquire(lockFile, lockPath, lockTimeout,
                    () => log.Info($"another gctool gc is running on this cache; waiting up to {HumanTime.Format(lockTimeout)} for it to finish"),
                    cancellation);
            }
            catch (LockTimeoutException)
            {
                throw new LockTimeoutException(
                    $"another gctool gc held {lockPath} for {HumanTime.Format(lockTimeout)}; let it finish, or raise --lock-timeout");
            }
            return new Trash(cache, log, handle, DirectoryHandles.StatSelf(handle)!.Value, runLock);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens this run's directory (creating it, 0700, if missing) and checks it is gctool's; null with
    /// <paramref name="error"/> when it cannot be created (no space or inodes, read-only).
    /// </summary>
    /// <exception cref="SafetyRefusalException">It exists and is not gctool's.</exception>
    public TrashRun? OpenRun(long runId, out string? error)
    {
        error = null;
        var name = RunDirectoryName(runId);
        var path = $"{Path}/{name}";
        var handle = OpenOwnDirectory(_handle, _status, name, path, out var errno);
        if (handle is null)
        {
            error = $"cannot create the trash directory {path}: {Libc.Describe(errno)}; left untouched";
            return null;
        }
        return Run(runId, path, handle);
    }

    private TrashRun Run(long runId, string path, FileDescriptorHandle handle)
    {
        var journal = TrashJournal.Load(handle, out var problem);
        if (problem is not null)
            _log.Warn($"the trash journal {path}/{TrashJournal.FileName} is not gctool's ({problem}); nothing in {path} will be deleted");
        return new TrashRun(runId, path, handle, DirectoryHandles.StatSelf(handle)!.Value, journal) { Warn = _log.Warn };
    }

    /// <summary>
    /// Finishes what killed or failed gcs left: in every run directory, deletes each journaled item that
    /// is still the journaled inode, reports anything else and leaves it, and removes run directories
    /// left empty. Every run directory is checked before anything is touched.
    /// </summary>
    /// <remarks>Runs under the run lock, so no other gc is moving anything in meanwhile.</remarks>
    /// <exception cref="SafetyRefusalException">A run directory is not gctool's.</exception>
    public TrashResume Resume(CancellationToken cancellation = default)
    {
        var names = DirectoryHandles.List(_handle, out var errno)
            ?? throw new GcToolException(ExitCode.Failure, $"cannot list the trash {Path}: {Libc.Describe(errno)}");
        var runs = new List<TrashRun>();
        var resume = new TrashResume();
        try
        {
            foreach (var raw in names.OrderBy(DirectoryHandles.Display, StringComparer.Ordinal))
            {
                var name = DirectoryHandles.Display(raw);
                if (name == RunLockName) continue;
                if (ParseRunId(name) is not { } runId)
                {
                    Unknown(resume, $"{Path}/{name}");
                    continue;
                }
                var path = $"{Path}/{name}";
                // Existing: never created here, only checked (a missing one is a race we lost; skip it).
                var handle = OpenOwnDirectory(_handle, _status, name, path, out errno, create: false);
                if (handle is not null) runs.Add(Run(runId, path, handle));
            }
            foreach (var run in runs)
            {
                foreach (var item in run.List(out errno) ?? [])
                {
                    if (cancellation.IsCancellationRequested) break;
                    if (run.JournaledNames.Contains(item)) resume.Deleted[(run.RunId, item)] = run.Delete(item, cancellation);
                    else
                    {
                        resume.Unknown.Add((run.RunId, item));
                        Unknown(resume, run.PathOf(item));
                    }
                }
                run.RemoveIfEmpty(_handle);
            }
        }
        finally
        {
            foreach (var run in runs) run.Dispose();
        }
        return resume;
    }

    private void Unknown(TrashResume resume, string path)
    {
        resume.UnknownPaths.Add(path);
        _log.Warn($"{path} is in gctool's trash but gctool did not put it there; left alone (remove it by hand if it is yours)");
    }

    /// <summary>Removes a run directory that holds nothing but its journal.</summary>
    public void RemoveIfEmpty(TrashRun run) => run.RemoveIfEmpty(_handle);

    private static long? ParseRunId(string name) =>
        name.StartsWith(RunPrefix, StringComparison.Ordinal) && name.Length > RunPrefix.Length && name[RunPrefix.Length..].All(char.IsAsciiDigit)
        && long.TryParse(name[RunPrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>
    /// Opens (creating when missing and <paramref name="create"/>) the directory <paramref name="name"/> in
    /// <paramref name="parent"/> and checks it is gctool's: a real directory, on the parent's mount, owned by
    /// the user gctool runs as, writable by nobody else. Null (with errno) when it cannot be created.
    /// </summary>
    /// <exception cref="SafetyRefusalException">It is not gctool's.</exception>
    private static FileDescriptorHandle? OpenOwnDirectory(FileDescriptorHandle parent, HandleStatus parentStatus, string name, string path,
        out int errno, bool create = true)
    {
        var raw = DirectoryHandles.Name(name);
        if (create)
        {
            errno = DirectoryHandles.MakeDirectory(parent, raw, PrivateMode);
            if (errno is not (0 or Libc.EExist))
            {
                // EROFS/ENOSPC/EDQUOT/EACCES: cannot create; but an existing one still has to pass the checks.
                if (DirectoryHandles.StatChild(parent, raw) is null) return null;
            }
        }
        var handle = DirectoryHandles.OpenChildDirectory(parent, raw, out errno);
        if (handle is null)
        {
            if (errno is DirectoryHandles.ELoop or DirectoryHandles.ENotDir)
                throw new SafetyRefusalException(
                    $"{path} is not a real directory (a symlink or a file?); gctool moves entries there before deleting them and will not do so through it: remove it and run gc again");
            if (errno == Libc.ENoEnt && !create) return null;
            throw new GcToolException(ExitCode.Failure, $"cannot open {path}: {Libc.Describe(errno)}");
        }
        var refusal = DirectoryHandles.StatSelf(handle) switch
        {
            null => "cannot be checked",
            { Status.Kind: not FileKind.Directory } => "is not a real directory (a symlink or a file?)",
            { } s when !s.SameMount(parentStatus) => "is on another mount than the cache",
            { } s when s.Uid != DirectoryHandles.GetEuid() => $"is owned by uid {s.Uid}, not by the user gctool runs as (uid {DirectoryHandles.GetEuid()}), so gctool did not make it",
            { } s when (s.Mode & GroupOrOtherWrite) != 0 => $"is writable by other users (mode {Convert.ToString(s.Mode & 0xfff, 8)})",
            _ => null,
        };
        if (refusal is not null)
        {
            handle.Dispose();
            throw new SafetyRefusalException(
                $"{path} {refusal}; gctool moves entries into its trash before deleting them and will not use this one: remove it and run gc again");
        }
        if ((DirectoryHandles.StatSelf(handle)!.Value.Mode & 0xfff) != PrivateMode)
            DirectoryHandles.ChangeMode(handle, PrivateMode, pathOnly: false);
        errno = 0;
        return handle;
    }

    /// <summary>The run lock file: created 0600 in the trash, opened without following a link, gctool's own.</summary>
    private static FileDescriptorHandle? OpenLockFile(FileDescriptorHandle trash, string lockPath, out int errno)
    {
        var name = DirectoryHandles.Name(RunLockName);
        var file = DirectoryHandles.OpenChildFile(trash, name, DirectoryHandles.ORdWr | DirectoryHandles.OCreat | DirectoryHandles.ONonBlock, 0x180, out errno)
                   ?? (errno is Libc.ERoFs or Libc.EAccess
                       ? DirectoryHandles.OpenChildFile(trash, name, DirectoryHandles.ORdOnly | DirectoryHandles.ONonBlock, 0, out errno)
                       : null);
        if (file is null)
        {
            if (errno is DirectoryHandles.ELoop or Libc.ENxIo)
                throw new SafetyRefusalException($"{lockPath} is not a regular file (a symlink?); remove it and run gc again");
            return null;
        }
        if (DirectoryHandles.StatSelf(file) is not { Status.Kind: FileKind.File } s || s.Uid != DirectoryHandles.GetEuid())
        {
            file.Dispose();
            throw new SafetyRefusalException($"{lockPath} is not a regular file owned by the user gctool runs as; remove it and run gc again");
        }
        return file;
    }

    public void Dispose()
    {
        _runLock.Dispose();
        _handle.Dispose();
    }
}
