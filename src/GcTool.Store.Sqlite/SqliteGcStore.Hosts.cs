using Dapper;
using GcTool.Core.Cache;
using GcTool.Core.Store;

namespace GcTool.Store.Sqlite;

public sealed partial class SqliteGcStore
{
    public IReadOnlyList<HostRecord> ListHosts() => Read(c =>
        c.Query<HostRow>("SELECT host AS HostId, first_seen_at AS FirstSeenAt, last_scan_at AS LastScanAt, retired_at AS RetiredAt FROM hosts ORDER BY host")
            .Select(r => new HostRecord(r.HostId, r.FirstSeenAt, r.LastScanAt, r.RetiredAt))
            .ToArray());

    /// <inheritdoc />
    /// <remarks>Its environments go with their references and unmatched hardlinks (foreign-key cascade).</remarks>
    public bool RetireHost(string hostId, long now) => Write(transaction =>
    {
        var args = new { host = hostId, now };
        if (connection.Execute("UPDATE hosts SET retired_at = @now WHERE host = @host AND retired_at IS NULL", args, transaction) == 0) return false;
        connection.Execute("DELETE FROM discoveries WHERE root IN (SELECT path FROM roots WHERE host = @host)", args, transaction);
        connection.Execute("DELETE FROM roots WHERE host = @host", args, transaction);
        connection.Execute("DELETE FROM environments WHERE host = @host", args, transaction);
        return true;
    });

    public IReadOnlyDictionary<EntryKey, long> Condemn(IReadOnlyList<EntryKey> entries, long now) => Write(transaction =>
    {
        connection.Execute("CREATE TEMP TABLE IF NOT EXISTS condemn_now (archive_version INTEGER NOT NULL, entry_id TEXT NOT NULL, PRIMARY KEY (archive_version, entry_id)) WITHOUT ROWID", transaction: transaction);
        connection.Execute("DELETE FROM temp.condemn_now", transaction: transaction);
        using (var insert = new PreparedCommand(transaction,
                   "INSERT OR IGNORE INTO temp.condemn_now (archive_version, entry_id) VALUES (@version, @id)", "@version", "@id"))
        {
            foreach (var key in entries) insert.Execute(key.ArchiveVersion, key.Id.Value);
        }
        connection.Execute("""
            DELETE FROM condemned
            WHERE NOT EXISTS (SELECT 1 FROM temp.condemn_now n WHERE n.archive_version = condemned.archive_version AND n.entry_id = condemned.entry_id)
            """, transaction: transaction);
        connection.Execute("""
            INSERT INTO condemned (archive_version, entry_id, condemned_at)
            SELECT archive_version, entry_id, @now FROM temp.condemn_now WHERE true
            ON CONFLICT (archive_version, entry_id) DO NOTHING
            """, new { now }, transaction);
        connection.Execute("DELETE FROM temp.condemn_now", transaction: transaction);
        return LoadCondemnations(transaction);
    });

    public IReadOnlyDictionary<EntryKey, long> LoadCondemnations() => Read(_ => LoadCondemnations(null));

    private Dictionary<EntryKey, long> LoadCondemnations(Microsoft.Data.Sqlite.SqliteTransaction? transaction) =>
        connection.Query<CondemnedRow>("SELECT archive_version AS ArchiveVersion, entry_id AS EntryId, condemned_at AS CondemnedAt FROM condemned", transaction: transaction)
            .ToDictionary(r => StoreColumns.Key(r.ArchiveVersion, r.EntryId), r => r.CondemnedAt);

    internal sealed class HostRow
    {
        public string HostId { get; set; } = "";
        public long FirstSeenAt { get; set; }
        public long? LastScanAt { get; set; }
        public long? RetiredAt { get; set; }
    }

    internal sealed class CondemnedRow
    {
        public long ArchiveVersion { get; set; }
        public string EntryId { get; set; } = "";
        public long CondemnedAt { get; set; }
    }
}
