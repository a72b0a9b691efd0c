using GcTool.Core.Errors;

namespace GcTool.Core.Platform;

/// <summary>
/// Which file systems SQLite must not live on, by statfs <c>f_type</c> magic number
/// (linux/magic.h and the file systems' own headers).
/// </summary>
/// <remarks>
/// SQLite's locking relies on POSIX advisory locks and, in WAL mode, on a shared-memory file that
/// every process maps; neither works across the clients of a network file system, so two hosts
/// writing one SQLite file there corrupt it (https://sqlite.org/wal.html, "WAL does not work over a
/// network filesystem"). FUSE is refused too: sshfs, s3fs, gcsfuse and friends are network file
/// systems in disguise. A cache shared by several hosts needs the PostgreSQL store instead.
/// </remarks>
public static class NetworkFileSystems
{
    private static readonly Dictionary<long, string> Known = new()
    {
        [0x6969] = "NFS",
        [0x517B] = "SMB",
        [0xFF534D42] = "CIFS",
        [0xFE534D42] = "SMB2",
        [0x65735546] = "FUSE",
        [0x564C] = "NCP",
        [0x6B414653] = "AFS",
        [0x5346414F] = "OpenAFS",
        [0x01021997] = "9P",
        [0x00C36400] = "CephFS",
        [0x47504653] = "GPFS",
        [0x0BD00BD0] = "Lustre",
        [0x013111A8] = "IBRIX",
        [0x73757245] = "Coda",
    };

    /// <summary>The network file system's name for an <c>f_type</c>, or null for a local one.</summary>
    public static string? NameOf(long fileSystemType) =>
        Known.TryGetValue(fileSystemType & 0xFFFFFFFF, out var name) ? name : null;

    /// <summary>
    /// Refuses (exit 4) an SQLite database whose directory is on a network file system. The file may
    /// not exist yet, so its nearest existing parent is asked. An unknown type (statfs failed) passes:
    /// opening the database reports the real problem.
    /// </summary>
    public static void EnsureLocal(string databasePath, IFileSystemTypeReader reader)
    {
        var path = Path.GetFullPath(databasePath);
        long? type = null;
        for (var current = path; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            type = reader.TryFileSystemType(current);
            if (type is not null) break;
        }
        if (type is { } t && NameOf(t) is { } name)
            throw new SafetyRefusalException(
                $"the SQLite database {path} is on a network file system ({name}, statfs type 0x{t & 0xFFFFFFFF:X}), where SQLite's locks do not hold between hosts and the database can be corrupted; " +
                "put it on a local disk with --db, or share one PostgreSQL database between the hosts: --db postgresql://USER@HOST:PORT/DATABASE");
    }
}
