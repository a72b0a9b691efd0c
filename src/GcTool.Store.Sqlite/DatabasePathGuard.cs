using GcTool.Core.Errors;
using GcTool.Core.Platform;

namespace GcTool.Store.Sqlite;

/// <summary>
/// Refuses an SQLite path that another user could point elsewhere: a symlink, on the way to the database
/// or as the database or one of SQLite's companion files (<c>-wal</c>, <c>-shm</c>, <c>-journal</c>), inside
/// a directory owned by a user other than root and the one gctool runs as.
/// </summary>
/// <remarks>
/// gctool often runs as root with <c>--db</c> under a user's directory (a shared state directory, a user's
/// <c>$XDG_STATE_HOME</c>). SQLite opens and creates its files by path, following symlinks; the owner of that
/// directory could plant <c>gctool.sqlite3-wal -&gt; /etc/…</c>, and root would create or overwrite the target.
/// Microsoft.Data.Sqlite cannot pass SQLITE_OPEN_NOFOLLOW, so the path is checked component by component
/// before opening: a symlink is refused where a user other than us could have made it (in a directory we or
/// root own, only we or root could). What remains is that user swapping a file for a symlink between this
/// check and SQLite's open; a database in a directory the gctool user owns has no such window.
/// </remarks>
internal static class DatabasePathGuard
{
    private static readonly string[] Companions = ["", "-wal", "-shm", "-journal"];

    public static void Check(string databasePath) => Check(databasePath, NativeFileStatReader.Instance, NativeFileStatReader.EffectiveUserId);

    internal static void Check(string databasePath, IFileStatReader stat, uint us)
    {
        var parts = databasePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var directory = "/";
        for (var i = 0; i < parts.Length; i++)
        {
            var names = i == parts.Length - 1 ? Companions.Select(c => parts[i] + c) : [parts[i]];
            var owner = OwnerOf(directory, stat);
            foreach (var name in names)
            {
                var path = directory == "/" ? "/" + name : directory + "/" + name;
                if (owner is { } uid && uid != 0 && uid != us && stat.TryLStat(path) is { Kind: FileKind.Symlink })
                    throw new SafetyRefusalException(
                        $"the database path {path} is a symlink in {directory}, a directory user {uid} owns, who could point it anywhere; gctool will not follow it: pass --db in a directory you own");
            }
            directory = directory == "/" ? "/" + parts[i] : directory + "/" + parts[i];
        }
    }

    /// <summary>The owner of a directory, following symlinks to it (its entries are what its owner controls); null when it does not exist.</summary>
    private static uint? OwnerOf(string directory, IFileStatReader stat) =>
        stat.TryRealPath(directory) is { } real && stat.TryLStat(real) is { Kind: FileKind.Directory } s ? s.OwnerId : null;
}
