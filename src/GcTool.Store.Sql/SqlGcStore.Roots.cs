using Dapper;
using GcTool.Core.Environments;
using GcTool.Core.Store;

namespace GcTool.Store.Sql;

public partial class SqlGcStore
{
    public IReadOnlyList<RegisteredRoot> ListRoots() => Read(c =>
        c.Query<RootRow>("SELECT path AS Path, added_at AS AddedAt, last_scan_at AS LastScanAt, implicit AS Implicit FROM roots WHERE host = @host ORDER BY path", new { host = HostId })
            .Select(r => new RegisteredRoot(new RootPath(StoredText.Decode(r.Path)), r.AddedAt, r.LastScanAt, r.Implicit))
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
        connection.Execute("DELETE FROM discoveries WHERE root = @root AND host = @host", args, transaction);
        connection.Execute("DELETE FROM environments WHERE root = @root AND (host = @host OR host IS NULL)", args, transaction);
        return true;
    });

    internal sealed class RootRow
    {
        public string Path { get; set; } = "";
        public long AddedAt { get; set; }
        public long? LastScanAt { get; set; }
        public bool Implicit { get; set; }
    }
}
