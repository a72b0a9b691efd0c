using System.Data.Common;
using Dapper;
using GcTool.Core.Cache;
using GcTool.Core.Store;

namespace GcTool.Store.Sql;

/// <summary>
/// Writes one <see cref="ScanCommit"/> inside the caller's transaction, for every backend: the order
/// of the steps and the rules of the two-phase protocol live here once; how many rows go to the
/// server per statement is the dialect's (<see cref="SqlDialect"/>). A scan may upsert 10k entries
/// and 2k environments with 100k references, and the whole commit is still one transaction.
/// </summary>
internal sealed class ScanCommitProtocol(SqlDialect dialect, DbTransaction transaction, string host)
{
    private DbConnection Connection => transaction.Connection!;

    public void Write(ScanCommit commit)
    {
        // 0. Scans of other hosts touch the same entry rows: one commit at a time.
        dialect.LockScanCommits(transaction);

        // 1. Entries: upsert what was seen, drop what is gone from the cache.
        dialect.UpsertEntries(transaction, commit.EntriesUpserted);
        RemoveEntries(commit.EntriesRemoved);

        // 2. Environments: re-read ones replace their references; unchanged ones only get a new scan time.
        dialect.Rescan(transaction, commit.Rescanned, host);
        dialect.MarkUnchanged(transaction, commit.Unchanged, commit.ScannedAt, host);
        dialect.RemoveEnvironments(transaction, commit.Removed);
        Core.FaultInjection.Reached("mid-commit-scan");

        // 3. Discovery snapshots, one per walked root, this host's.
        ReplaceDiscoveries(commit.Discoveries, commit.ScannedAt);

        // 4. Every entry some environment references was referenced now: the scan's time is recorded once.
        MarkReferenced(commit.ScannedAt);

        // 5. The two-phase protocol: this host has completed a scan now, and what is referenced is not condemned.
        RecordHostScan(commit.ScannedAt);
    }

    /// <summary>Drops entries gone from the cache; an entry that is gone is no longer condemned either.</summary>
    public void RemoveEntries(IReadOnlyList<EntryKey> keys)
    {
        if (keys.Count == 0) return;
        dialect.DeleteByEntryKey(transaction, "entries", keys);
        dialect.DeleteByEntryKey(transaction, "condemned", keys);
    }

    /// <remarks>A walk that found what is stored only records the scan time (see <see cref="DiscoverySnapshot.SameAsRecorded"/>).</remarks>
    private void ReplaceDiscoveries(IReadOnlyList<DiscoverySnapshot> snapshots, long scannedAt)
    {
        foreach (var snapshot in snapshots)
        {
            var args = new { root = StoredText.Encode(snapshot.Root.Value), host, at = scannedAt };
            Connection.Execute("UPDATE roots SET last_scan_at = @at WHERE path = @root AND host = @host", args, transaction);
            if (snapshot.SameAsRecorded)
            {
                Connection.Execute("UPDATE discoveries SET scanned_at = @at WHERE host = @host AND root = @root", args, transaction);
                continue;
            }
            Connection.Execute("DELETE FROM discoveries WHERE host = @host AND root = @root", args, transaction);
            Connection.Execute("INSERT INTO discoveries (host, root, scanned_at) VALUES (@host, @root, @at)", args, transaction);
            if (snapshot.Directories.Count > 0) dialect.InsertDiscoveryDirectories(transaction, host, args.root, snapshot.Directories);
        }
    }

    /// <remarks>
    /// The commit writes no entry row for this: an entry some environment references was last referenced
    /// at the last scan's time, which readers derive from <c>meta</c> (<see cref="SqlGcStore.EntryRow"/>), and
    /// the time an entry loses its last reference is written by a trigger (schema migration 7) as the
    /// reference goes. Rewriting every referenced entry here was most of what a rescan that found nothing
    /// changed wrote. The time only moves forward: hosts commit concurrently, and a host with a slower clock
    /// must not move the last use of what is referenced back.
    /// </remarks>
    private void MarkReferenced(long scannedAt)
    {
        Connection.Execute($"UPDATE meta SET last_scan_at = {dialect.Greatest}(coalesce(last_scan_at, @at), @at) WHERE id = 1",
            new { at = scannedAt }, transaction);
    }

    /// <summary>The host has completed a scan (a retired host that scans is active again); every entry it or another host references is not condemned.</summary>
    private void RecordHostScan(long scannedAt)
    {
        Connection.Execute($"""
            INSERT INTO hosts (host, first_seen_at, last_scan_at) VALUES (@host, @at, @at)
            ON CONFLICT (host) DO UPDATE SET last_scan_at = {dialect.Greatest}(coalesce(hosts.last_scan_at, 0), excluded.last_scan_at), retired_at = NULL
            """, new { host, at = scannedAt }, transaction);
        Connection.Execute("""
            DELETE FROM condemned
            WHERE EXISTS (SELECT 1 FROM env_references r
                          WHERE r.entry_id = condemned.entry_id AND r.archive_version = condemned.archive_version)
            """, transaction: transaction);
    }
}
