using Dapper;
using GcTool.Core.Environments;
using GcTool.Core.Store;

namespace GcTool.Store.Postgres;

public sealed partial class PostgresGcStore
{
    public IReadOnlyList<RegisteredRoot> ListRoots() => Read(c =>
        c.Query<RootRow>("SELECT path AS Path, added_at AS AddedAt, last_scan_at AS LastScanAt FROM roots ORDER BY path")
            .Select(r => new RegisteredRoot(new RootPath(r.Path), r.AddedAt, r.LastScanAt))
            .ToArray());

    public bool AddRoot(RootPath root, long now) => Write(transaction =>
        connection.Execute(
            "INSERT INTO roots (path, added_at) VALUES (@path, @now) ON CONFLICT (path) DO NOTHING",
            new { path = root.Value, now },
            transaction) == 1);

    /// <inheritdoc />
    /// <remarks>An unknown root changes nothing. The environments' references and unmatched hardlinks go with them (foreign-key cascade).</remarks>
    public bool RemoveRoot(RootPath root) => Write(transaction =>
    {
        var args = new { root = root.Value };
        if (connection.Execute("DELETE FROM roots WHERE path = @root", args, transaction) == 0) return false;
        connection.Execute("DELETE FROM discoveries WHERE root = @root", args, transaction);
        connection.Execute("DELETE FROM environments WHERE root = @root", args, transaction);
        return true;
    });

    private sealed class RootRow
    {
        public string Path { get; set; } = "";
        public long AddedAt { get; set; }
        public long? LastScanAt { get; set; }
    }
}
