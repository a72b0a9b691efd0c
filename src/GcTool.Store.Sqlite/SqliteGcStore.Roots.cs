using Dapper;
using GcTool.Core.Environments;
using GcTool.Core.Store;

namespace GcTool.Store.Sqlite;

public sealed partial class SqliteGcStore
{
    public IReadOnlyList<RegisteredRoot> ListRoots() => Read(c =>
        c.Query<RootRow>("SELECT path AS Path, added_at AS AddedAt, last_scan_at AS LastScanAt, implicit AS Implicit FROM roots WHERE host = @host ORDER BY path", new { host = HostId })
            .Select(r => new RegisteredRoot(new RootPath(StoredText.Decode(r.Path)), r.AddedAt, r.LastScanAt, r.Implicit != 0))
            .ToArray());

    public bool AddRoot(RootPath root, long now, bool isImplicit = false) => Write(transaction =>
    {
        var args = new { host = HostId, path = StoredText.Encode(root.Value), now, isImplicit };
        if (connection.Execute(
                "INSERT INTO roots (host, path, added_at, implicit) VALUES (@host, @path, @now, @isImplicit) ON CONFLICT (host, path) DO NOTHING",
                args, transaction) == 1)
            return true;
        if (!isImplicit) connection.Execute("UPDATE roots SET implicit = @isImplicit WHERE host = @host AND path = @path", args, transaction);
        return false;
    });

    /// <inheritdoc />
    /// <remarks>An unknown root changes nothing. The environments' references and unmatched hardlinks go with them (foreign-key cascade).</remarks>
    public bool RemoveRoot(RootPath root) => Write(transaction =>
    {
        var args = new { root = StoredText.Encode(root.Value), host = HostId };
        if (connection.Execute("DELETE FROM roots WHERE path = @root AND host = @host", args, transaction) == 0) return false;
        connection.Execute("DELETE FROM discoveries WHERE root = @root", args, transaction);
        connection.Execute("DELETE FROM environments WHERE root = @root AND (host = @host OR host IS NULL)", args, transaction);
        return true;
    });

    /// <summary>Roots registered before hosts were recorded (migration 2 gave them the host '') become this host's.</summary>
    private void AdoptRootsFromBeforeHosts() => Guarded(() =>
    {
        if (connection.ExecuteScalar<long>("SELECT count(*) FROM roots WHERE host = ''") == 0) return 0;
        return Write(transaction => connection.Execute("UPDATE OR IGNORE roots SET host = @host WHERE host = ''", new { host = HostId }, transaction));
    });

    internal sealed class RootRow
    {
        public string Path { get; set; } = "";
        public long AddedAt { get; set; }
        public long? LastScanAt { get; set; }
        public long Implicit { get; set; }
    }
}
