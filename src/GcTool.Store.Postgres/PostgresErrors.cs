using System.Net.Sockets;
using GcTool.Core.Errors;
using Npgsql;

namespace GcTool.Store.Postgres;

/// <summary>
/// Turns PostgreSQL failures the user can act on into one-line <see cref="GcToolException"/>s naming
/// the server and the fix. Anything else stays an <see cref="NpgsqlException"/> (a bug).
/// </summary>
internal static class PostgresErrors
{
    /// <summary>A transaction lost a race with another one and may simply be run again.</summary>
    public static bool IsTransient(Exception e) => e is PostgresException p && p.SqlState is
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable;

    public static GcToolException? Translate(Exception e, string server) => e switch
    {
        PostgresException p when p.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification =>
            new GcToolException(ExitCode.Failure,
                $"PostgreSQL server {server} refused the login ({p.MessageText}); check the user in --db and the password (PGPASSWORD or ~/.pgpass)", e),
        PostgresException p when p.SqlState is PostgresErrorCodes.InvalidCatalogName =>
            new GcToolException(ExitCode.Failure,
                $"PostgreSQL server {server}: {p.MessageText}; create it (createdb) or name an existing database in --db", e),
        PostgresException p when p.SqlState is PostgresErrorCodes.InsufficientPrivilege =>
            new GcToolException(ExitCode.Failure,
                $"PostgreSQL server {server}: {p.MessageText}; gctool's user needs to create tables in its schema and to read and write them", e),
        PostgresException p when p.SqlState.StartsWith("57P", StringComparison.Ordinal) || p.SqlState.StartsWith("08", StringComparison.Ordinal) =>
            Unreachable(server, p.MessageText, e),
        PostgresException => null,
        NpgsqlException n when n.InnerException is SocketException or IOException or TimeoutException || n.IsTransient || n.Message.Contains("connect", StringComparison.OrdinalIgnoreCase) =>
            Unreachable(server, n.InnerException?.Message ?? n.Message, e),
        InvalidOperationException i when i.Message.Contains("connection", StringComparison.OrdinalIgnoreCase) =>
            Unreachable(server, i.Message, e),
        _ => null,
    };

    public static GcToolException Unreachable(string server, string reason, Exception? inner) =>
        new(ExitCode.Failure,
            $"PostgreSQL server {server} is unreachable or went away ({reason}); nothing after the last committed step was done: check that the server runs, then run the command again", inner);

    public static GcToolException StayedBusy(string server, TimeSpan waited, Exception inner) =>
        new(ExitCode.Failure,
            $"database {server} kept failing with conflicts for {waited.TotalSeconds:0}s ({inner.Message}); is another gctool still running? try again when it has finished", inner);
}
