using System.Data.Common;
using Dapper;
using GcTool.Core.Cache;
using GcTool.Core.Store;

namespace GcTool.Store.Sql;

public partial class SqlGcStore
{
    public IReadOnlyList<HostRecord> ListHosts() => Read(c =>
        c.Query<HostRow>("SELECT host AS HostId, first_seen_at AS FirstSeenAt, last_scan_at AS LastScanAt, retired_at AS RetiredAt FROM hosts ORDER BY host")
            .Select(r => new HostRecord(r.HostId, r.FirstSeenAt, r.LastScanAt, r.RetiredAt))
            .ToArray());

    /// <inheritdoc />
    /// <remarks>
    /// Its environments go with their references and unmatched hardlinks (foreign-key cascade). Under the
    /// scan-commit lock, so a scan of the retired host that is committing right now either lands before
    /// (and is dropped) or after (and un-retires it: a host that scans is active).
    /// </remarks>
    public bool RetireHost(string hostId, long now) => Write(transaction =>
    {
        dialect.LockScanCommits(transaction);
        var args = new { host = hostId, now };
        if (connection.Execute("UPDATE hosts SET retired_at = @now WHERE host = @host AND retired_at IS NULL", args, transaction) == 0) return false;
        connection.Execute("DELETE FROM discoveries WHERE host = @host", args, transaction);
        connection.Execute("DELETE FROM roots WHERE host = @host", args, transaction);
        connection.Execute("DELETE FROM environments WHERE host = @host", args, transaction);
        return true;
    });

    /// <inheritdoc />
    /// <remarks>Under the scan-commit lock, so a scan that references one of the entries commits wholly before or after.</remarks>
    public IReadOnlyDictionary<EntryKey, long> Condemn(IReadOnlyList<EntryKey> entries, long now) => Write(transaction =>
    {
        dialect.LockScanCommits(transaction);
        dialect.ReplaceCondemned(transaction, entries, now);
        return LoadCondemnations(transaction);
    });

    public IReadOnlyDictionary<EntryKey, long> LoadCondemnations() => Read(_ => LoadCondemnations(null));

    private Dictionary<EntryKey, long> LoadCondemnations(DbTransaction? transaction) =>
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
