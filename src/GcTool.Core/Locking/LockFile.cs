using GcTool.Core.Errors;

namespace GcTool.Core.Locking;

/// <summary>Opens <c>&lt;cache&gt;/.lock</c> for flock, creating it the way uv does when it is missing.</summary>
/// <remarks>
/// <para>
/// uv (crates/uv-fs/src/locked_file.rs) opens the file read-write; if that fails it creates a
/// temporary file beside it, sets mode 0666 (after creation, to override the umask, so that every
/// user sharing the cache can open it) and moves it into place without clobbering. An existing
/// file wins. We do the same with <c>link(2)</c>, which never replaces an existing name, then unlink
/// the temporary name. The new descriptor already refers to the linked inode, so there is no
/// window in which we hold a lock on a file that is not <c>.lock</c>.
/// </para>
/// <para>
/// The file is never deleted or replaced: if it were, a uv process could lock the old inode while
/// we lock the new one, and both would believe they own the cache.
/// </para>
/// <para>
/// flock works on read-only descriptors, so when read-write is denied (a 0444 lock file, an
/// immutable file, a read-only mount) we open it read-only instead.
/// </para>
/// </remarks>
internal static class LockFile
{
    private const uint DesiredMode = 0x1B6; // 0666, as uv leaves it
    private const uint TempMode = 0x180;    // 0600 until fchmod
    private const int MaxAttempts = 4;
    private const int NonBlock = 0x800; // O_NONBLOCK, the same on every Linux architecture .NET runs on

    public static FileDescriptorHandle OpenOrCreate(string cacheRoot, string lockPath)
    {
        for (var attempt = 1; ; attempt++)
        {
            var fd = OpenExisting(lockPath, out var errno);
            if (fd is not null) return fd;
            if (errno == Platform.DirectoryHandles.ELoop)
                throw new SafetyRefusalException(
                    $"the uv cache lock file {lockPath} is a symlink; anyone who can write the cache can plant one to make gctool open a file elsewhere: remove it (uv creates it again) and run gc again");
            if (errno != Libc.ENoEnt || attempt == MaxAttempts)
                throw new GcToolException(ExitCode.Failure, $"cannot open the uv cache lock file {lockPath}: {Libc.Describe(errno)}");

            // Missing: create it. Null means another process created it first; open theirs.
            var created = Create(cacheRoot, lockPath);
            if (created is not null) return created;
        }
    }

    /// <remarks>
    /// Never through a symlink (O_NOFOLLOW: ELOOP, refused by the caller), and never blocking on a FIFO
    /// planted in its place (O_NONBLOCK; flock does not care): the cache root is the operator's, but
    /// <c>.lock</c> in it is anyone's who can write the cache.
    /// </remarks>
    private static FileDescriptorHandle? OpenExisting(string lockPath, out int errno)
    {
        var flags = Libc.OCloExec | Platform.DirectoryHandles.ONoFollow | NonBlock;
        var fd = Libc.OpenHandle(lockPath, Libc.ORdWr | flags, 0, out errno);
        if (fd is null && errno is Libc.EAccess or Libc.EPerm or Libc.ERoFs)
            fd = Libc.OpenHandle(lockPath, Libc.ORdOnly | flags, 0, out errno);
        return fd;
    }

    private static FileDescriptorHandle? Create(string cacheRoot, string lockPath)
    {
        var (temp, tempPath) = CreateTemp(cacheRoot, lockPath);
        var linked = false;
        try
        {
            _ = Libc.FChmod(temp, DesiredMode); // best effort, as in uv: the lock works without it
            if (Libc.Link(tempPath, lockPath) == 0)
            {
                linked = true;
                return temp;
            }
            var errno = Libc.LastErrno;
            if (errno == Libc.EExist) return null;
            if (errno is Libc.EPerm or Libc.EOpNotSupp or Libc.EMLink or Libc.ENoSys)
                return CreateInPlace(lockPath);
            throw new GcToolException(ExitCode.Failure, $"cannot create the uv cache lock file {lockPath}: {Libc.Describe(errno)}");
        }
        finally
        {
            _ = Libc.Unlink(tempPath);
            if (!linked) temp.Dispose();
        }
    }

    /// <summary>For file systems without hard links: exclusive create, then the mode.</summary>
    private static FileDescriptorHandle? CreateInPlace(string lockPath)
    {
        var fd = Libc.OpenHandle(lockPath, Libc.ORdWr | Libc.OCreat | Libc.OExcl | Libc.OCloExec, DesiredMode, out var errno);
        if (fd is null)
        {
            if (errno == Libc.EExist) return null;
            throw new GcToolException(ExitCode.Failure, $"cannot create the uv cache lock file {lockPath}: {Libc.Describe(errno)}");
        }
        _ = Libc.FChmod(fd, DesiredMode);
        return fd;
    }

    /// <summary>A new file named like uv's temporaries (<c>.tmpXXXXXX</c>), which gc never touches.</summary>
    private static (FileDescriptorHandle Fd, string Path) CreateTemp(string cacheRoot, string lockPath)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        while (true)
        {
            var name = ".tmp" + string.Create(6, 0, (span, _) =>
            {
                for (var i = 0; i < span.Length; i++) span[i] = alphabet[Random.Shared.Next(alphabet.Length)];
            });
            var path = Path.Join(cacheRoot, name);
            var fd = Libc.OpenHandle(path, Libc.ORdWr | Libc.OCreat | Libc.OExcl | Libc.OCloExec, TempMode, out var errno);
            if (fd is not null) return (fd, path);
            if (errno == Libc.EExist) continue;
            if (errno == Libc.ENoEnt)
                throw new GcToolException(ExitCode.Failure, $"the uv cache directory {cacheRoot} does not exist; check --cache-dir or UV_CACHE_DIR");
            throw new GcToolException(ExitCode.Failure, $"cannot create the uv cache lock file {lockPath}: creating {path} failed: {Libc.Describe(errno)}");
        }
    }
}
