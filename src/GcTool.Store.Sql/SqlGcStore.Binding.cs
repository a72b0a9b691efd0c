using System.Data.Common;
using Dapper;
using GcTool.Core.Cache;
using GcTool.Core.Errors;
using GcTool.Core.Store;

namespace GcTool.Store.Sql;

public partial class SqlGcStore
{
    /// <inheritdoc />
    /// <remarks>
    /// The identity is the cache root's real path plus its device and inode, so a cache deleted and
    /// re-created at the same path is a different cache: its entries and references would not be
    /// ours. Every host sharing a server must mount the cache at the same real path (aliases are for
    /// containers), and NFS reports the same device number only per client, so a host whose device
    /// differs is refused here and must use its own database. On a newer-schema database the binding
    /// is only checked (nothing is written), so read-only commands still work there.
    /// </remarks>
    public void BindCache(CacheIdentity identity)
    {
        if (IsNewerSchema)
        {
            var bound = Read(c => LoadBinding(c, null, ""));
            if (bound is not null) CheckSameCache(bound, identity);
            return;
        }

        Write(transaction =>
        {
            // Locked for the transaction: two hosts binding a fresh database at once must not both see "unbound".
            var bound = LoadBinding(connection, transaction, dialect.ForUpdate);
            if (bound is not null)
            {
                CheckSameCache(bound, identity);
                return;
            }
            connection.Execute(
                "UPDATE meta SET cache_real_path = @path, cache_device = @device, cache_inode = @inode WHERE id = 1",
                new { path = StoredText.Encode(identity.RealPath), device = StoreColumns.ToDb(identity.Device), inode = StoreColumns.ToDb(identity.Inode) },
                transaction);
        });
    }

    private static CacheIdentity? LoadBinding(DbConnection c, DbTransaction? transaction, string forUpdate)
    {
        var row = c.QuerySingleOrDefault<BindingRow>(
            "SELECT cache_real_path AS RealPath, cache_device AS Device, cache_inode AS Inode FROM meta WHERE id = 1" + forUpdate,
            transaction: transaction);
        return row?.RealPath is null ? null : new CacheIdentity(StoredText.Decode(row.RealPath), StoreColumns.FromDb(row.Device ?? 0), StoreColumns.FromDb(row.Inode ?? 0));
    }

    private void CheckSameCache(CacheIdentity bound, CacheIdentity requested)
    {
        if (bound == requested) return;
        var why = bound.RealPath == requested.RealPath
            ? $"the cache at {requested.RealPath} is not the one recorded there (device {bound.Device} inode {bound.Inode}, now device {requested.Device} inode {requested.Inode}): it was re-created or another file system is mounted there"
            : $"it belongs to the cache {bound.RealPath} (device {bound.Device} inode {bound.Inode}), not {requested.RealPath} (device {requested.Device} inode {requested.Inode})";
        throw new SafetyRefusalException(
            $"database {dialect.DatabaseName} refuses to serve this cache: {why}; {dialect.SeparateDatabaseAdvice}");
    }

    internal sealed class BindingRow
    {
        public string? RealPath { get; set; }
        public long? Device { get; set; }
        public long? Inode { get; set; }
    }
}
