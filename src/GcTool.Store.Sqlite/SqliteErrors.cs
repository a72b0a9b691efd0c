using System.Text.RegularExpressions;
using GcTool.Core.Errors;
using Microsoft.Data.Sqlite;

namespace GcTool.Store.Sqlite;

/// <summary>
/// Turns SQLite failures the user can act on into one-line <see cref="GcToolException"/>s that name
/// the database file and the fix. Anything else stays a <see cref="SqliteException"/> (a bug).
/// </summary>
internal static partial class SqliteErrors
{
    // Primary result codes (https://sqlite.org/rescode.html); extended codes carry them in the low byte.
    private const int Perm = 3;
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoErr = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int NotADb = 26;

    private static int Primary(SqliteException e) => e.SqliteErrorCode & 0xFF;

    /// <summary>Another connection holds the lock we need: worth waiting and retrying.</summary>
    public static bool IsBusy(SqliteException e) => Primary(e) is Busy or Locked;

    /// <summary>The user-facing error for <paramref name="e"/>, or null when it is not one the user can fix.</summary>
    public static GcToolException? Translate(SqliteException e, string databasePath) => Primary(e) switch
    {
        Corrupt or NotADb => NotReadable(databasePath, Reason(e), e),
        ReadOnly or Perm or CantOpen => NotWritable(databasePath, Reason(e), e),
        IoErr => new GcToolException(ExitCode.Failure,
            $"database {databasePath} could not be read or written ({Reason(e)}); check the disk and the permissions of the file and its directory, or pass a different --db", e),
        Full => new GcToolException(ExitCode.Failure,
            $"database {databasePath} could not be written: the disk is full ({Reason(e)}); free space or pass a different --db", e),
        _ => null,
    };

    public static GcToolException NotReadable(string databasePath, string reason, Exception? inner = null) =>
        new(ExitCode.Failure,
            $"database {databasePath} is not a readable gctool database ({reason}); move it aside and run `gctool scan` to rebuild it", inner);

    public static GcToolException NotWritable(string databasePath, string reason, Exception? inner = null) =>
        new(ExitCode.Failure,
            $"database {databasePath} cannot be opened for writing ({reason}); gctool needs write access to the file and its directory (for the -wal and -shm files): fix the permissions or pass a different --db", inner);

    public static GcToolException StayedBusy(string databasePath, TimeSpan waited, SqliteException inner) =>
        new(ExitCode.Failure,
            $"database {databasePath} stayed locked by another process for {waited.TotalSeconds:0}s ({Reason(inner)}); is another gctool still running? try again when it has finished", inner);

    /// <summary>SQLite's own words, without Microsoft.Data.Sqlite's "SQLite Error N: '...'." wrapper.</summary>
    private static string Reason(SqliteException e)
    {
        var m = WrappedMessage().Match(e.Message);
        return m.Success ? m.Groups[1].Value : e.Message;
    }

    [GeneratedRegex(@"^SQLite Error \d+: '(.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex WrappedMessage();
}
