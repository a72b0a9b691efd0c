using System.Data.Common;
using Dapper;
using GcTool.Core.Errors;
using GcTool.Core.Store;

namespace GcTool.Store.Sql;

/// <summary>
/// The SQL implementation of <see cref="IGcStore"/>, for every backend: the rows, their mappings, the
/// transactions, the protocol rules and the SQL the backends share. What a backend spells its own way
/// is its <see cref="SqlDialect"/>; <c>SqliteGcStore</c> and <c>PostgresGcStore</c> open it.
/// </summary>
/// <remarks>
/// <para>Every public method is one unit of work: a single read statement (one consistent snapshot
/// without a transaction), or one write transaction started by <see cref="SqlDialect.BeginWrite"/>.
/// Units are re-run while the backend reports a lost race and failures the user can fix become
/// <see cref="GcToolException"/>s naming the database (<see cref="SqlDialect.Run"/>).</para>
/// <para>A database written by a newer gctool is opened as is: reads work as long as the columns
/// they need still exist, and every write is refused with a <see cref="SafetyRefusalException"/>.</para>
/// <para>Not thread-safe: one instance holds one connection. Open one store per thread;
/// <see cref="OpenStateReader"/> gives the scan's background read a connection of its own.</para>
/// </remarks>
public partial class SqlGcStore : IGcStore, IStoredStateReaderLease
{
    private readonly DbConnection connection;
    private readonly SqlDialect dialect;

    protected SqlGcStore(SqlDialect dialect, DbConnection connection, long schemaVersion, string hostId)
    {
        this.dialect = dialect;
        this.connection = connection;
        SchemaVersion = schemaVersion;
        HostId = hostId;
    }

    /// <summary>The database for messages: the file's absolute path, or server, database and schema (no password).</summary>
    public string DatabaseName => dialect.DatabaseName;

    /// <summary>The schema version of the database after opening (and migrating).</summary>
    public long SchemaVersion { get; }

    public bool IsNewerSchema => SchemaVersion > dialect.LatestSchemaVersion;

    public string HostId { get; }

    public IStoredStateReaderLease OpenStateReader() =>
        new SqlGcStore(dialect, dialect.OpenConnection(), SchemaVersion, HostId);

    /// <summary>Runs one read. Each read is a single statement, so it sees one consistent snapshot without a transaction.</summary>
    private T Read<T>(Func<DbConnection, T> query) => Guarded(() => query(connection));

    /// <summary>Runs <paramref name="work"/> in one write transaction, refusing a newer schema.</summary>
    private T Write<T>(Func<DbTransaction, T> work)
    {
        if (IsNewerSchema) throw dialect.NewerSchema(SchemaVersion);
        return Guarded(() =>
        {
            using var transaction = dialect.BeginWrite(connection);
            // A newer gctool may have migrated the database since we opened it; its schema is not ours to write.
            var version = dialect.ReadSchemaVersion(connection, transaction);
            if (version > dialect.LatestSchemaVersion) throw dialect.NewerSchema(version);
            var result = work(transaction);
            transaction.Commit();
            return result;
        });
    }

    private void Write(Action<DbTransaction> work) => Write(transaction => { work(transaction); return 0; });

    private T Guarded<T>(Func<T> unit) => dialect.Run(unit, IsNewerSchema ? SchemaVersion : null);

    /// <summary>Roots registered before hosts were recorded (migration 2 gave them the host '') become this host's, with their discovery snapshots.</summary>
    protected void AdoptRootsFromBeforeHosts()
    {
        if (IsNewerSchema || Read(c => c.ExecuteScalar<long>("SELECT count(*) FROM roots WHERE host = ''")) == 0) return;
        Write(transaction =>
        {
            var args = new { host = HostId };
            connection.Execute("""
                UPDATE roots SET host = @host WHERE host = ''
                  AND NOT EXISTS (SELECT 1 FROM roots o WHERE o.host = @host AND o.path = roots.path)
                """, args, transaction);
            connection.Execute("""
                UPDATE discoveries SET host = @host WHERE host = ''
                  AND NOT EXISTS (SELECT 1 FROM discoveries o WHERE o.host = @host AND o.root = discoveries.root)
                """, args, transaction);
        });
    }

    public void Dispose()
    {
        connection.Dispose();
        GC.SuppressFinalize(this);
    }
}
