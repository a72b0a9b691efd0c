using Dapper;
using GcTool.Core.Cache;
using GcTool.Core.Environments;
using GcTool.Core.Store;

namespace GcTool.Store.Sql;

public partial class SqlGcStore
{
    // The audit lookups are index searches (tests/…/Store/SqliteQueryPlanTests checks SQLite's plans).

    internal const string UsesOfEnvironmentSql = """
            SELECT r.archive_version AS ArchiveVersion, r.entry_id AS EntryId, e.dist_name AS DistName, e.dist_version AS DistVersion,
                   r.link_mode AS LinkMode, r.file_count AS FileCount, r.sample_file AS SampleFile,
                   (e.entry_id IS NOT NULL) AS EntryExists, e.bytes AS EntryBytes
            FROM environments v
            JOIN env_references r ON r.env_id = v.id
            LEFT JOIN entries e ON e.archive_version = r.archive_version AND e.entry_id = r.entry_id
            WHERE v.path = @path
            ORDER BY e.dist_name IS NULL, e.dist_name, r.archive_version, r.entry_id, r.link_mode
            """;

    internal const string UsersOfEntrySql = """
            SELECT v.path AS Path, v.kind AS Kind, r.link_mode AS LinkMode, r.file_count AS FileCount,
                   r.sample_file AS SampleFile, v.last_scanned_at AS LastScannedAt
            FROM env_references r
            JOIN environments v ON v.id = r.env_id
            WHERE r.entry_id = @id
            ORDER BY v.path, r.archive_version, r.link_mode
            """;

    internal const string FindEnvironmentSql = EnvironmentRow.Select + " WHERE v.path = @path";

    internal static readonly string FindEntrySql = EntryRow.Select(withInodes: true) + " WHERE e.entry_id = @id ORDER BY e.archive_version LIMIT 1";

    /// <remarks>Ordered by distribution name, entries missing from the cache (no name) last, then by entry key.</remarks>
    public IReadOnlyList<EnvironmentUse> UsesOfEnvironment(EnvPath environment) => Read(c =>
        c.Query<UseRow>(UsesOfEnvironmentSql, new { path = StoredText.Encode(environment.Value) })
            .Select(r => r.ToRecord())
            .ToArray());

    /// <remarks>Matches the id under any archive version.</remarks>
    public IReadOnlyList<EntryUser> UsersOfEntry(EntryId entry) => Read(c =>
        c.Query<UserRow>(UsersOfEntrySql, new { id = entry.Value })
            .Select(r => r.ToRecord())
            .ToArray());

    public IReadOnlyList<ReferenceEdge> LoadWholeGraph() => Read(c =>
        c.Query<EdgeRow>("""
            SELECT v.path AS Path, v.kind AS Kind, v.as_entry_version AS AsEntryVersion, v.as_entry_id AS AsEntryId,
                   r.archive_version AS ArchiveVersion, r.entry_id AS EntryId, r.link_mode AS LinkMode, r.file_count AS FileCount
            FROM env_references r
            JOIN environments v ON v.id = r.env_id
            ORDER BY v.path, r.archive_version, r.entry_id, r.link_mode
            """)
            .Select(r => r.ToRecord())
            .ToArray());

    public EnvironmentRecord? FindEnvironment(EnvPath environment) => Read(c =>
        c.QuerySingleOrDefault<EnvironmentRow>(FindEnvironmentSql, new { path = StoredText.Encode(environment.Value) })
            ?.ToRecord());

    /// <remarks>Matches the id under any archive version; if several hold it, the lowest version wins. Inodes included.</remarks>
    public EntryRecord? FindEntry(EntryId entry) => Read(c =>
        c.QueryFirstOrDefault<EntryRow>(FindEntrySql, new { id = entry.Value })
            ?.ToRecord(withInodes: true));

    /// <remarks>
    /// One statement, so every number comes from the same snapshot. An entry counts as reclaimable
    /// when no reference names it and it is not itself a recorded environment (a cached venv).
    /// </remarks>
    public StoreStatistics LoadStatistics() => Read(c =>
        c.QuerySingle<StatisticsRow>("""
            SELECT
                (SELECT count(*) FROM entries) AS Entries,
                (SELECT count(*) FROM environments) AS Environments,
                (SELECT count(*) FROM env_references) AS ReferenceCount,
                (SELECT coalesce(sum(bytes), 0) FROM entries) AS CacheBytes,
                (SELECT coalesce(sum(e.bytes), 0) FROM entries e
                  WHERE EXISTS (SELECT 1 FROM env_references r
                                WHERE r.entry_id = e.entry_id AND r.archive_version = e.archive_version)) AS ReferencedBytes,
                (SELECT count(*) FROM entries e
                  WHERE NOT EXISTS (SELECT 1 FROM env_references r
                                    WHERE r.entry_id = e.entry_id AND r.archive_version = e.archive_version)
                    AND NOT EXISTS (SELECT 1 FROM environments v
                                    WHERE v.as_entry_id = e.entry_id AND v.as_entry_version = e.archive_version)) AS UnreferencedEntries,
                (SELECT coalesce(sum(e.freeable_bytes), 0) FROM entries e
                  WHERE NOT EXISTS (SELECT 1 FROM env_references r
                                    WHERE r.entry_id = e.entry_id AND r.archive_version = e.archive_version)
                    AND NOT EXISTS (SELECT 1 FROM environments v
                                    WHERE v.as_entry_id = e.entry_id AND v.as_entry_version = e.archive_version)) AS ReclaimableBytes,
                (SELECT last_scan_at FROM meta WHERE id = 1) AS LastScanAt,
                (SELECT max(finished_at) FROM gc_runs WHERE NOT dry_run AND finished_at IS NOT NULL) AS LastGcAt
            """)
            .ToRecord());

    internal sealed class UseRow
    {
        public long ArchiveVersion { get; set; }
        public string EntryId { get; set; } = "";
        public string? DistName { get; set; }
        public string? DistVersion { get; set; }
        public string LinkMode { get; set; } = "";
        public long FileCount { get; set; }
        public string SampleFile { get; set; } = "";
        public bool EntryExists { get; set; }
        public long? EntryBytes { get; set; }

        public EnvironmentUse ToRecord() => new(
            StoreColumns.Key(ArchiveVersion, EntryId), DistName, DistVersion, LinkModeNames.Parse(LinkMode),
            FileCount, StoredText.Decode(SampleFile), EntryExists, EntryBytes);
    }

    internal sealed class UserRow
    {
        public string Path { get; set; } = "";
        public string Kind { get; set; } = "";
        public string LinkMode { get; set; } = "";
        public long FileCount { get; set; }
        public string SampleFile { get; set; } = "";
        public long LastScannedAt { get; set; }

        public EntryUser ToRecord() => new(
            new EnvPath(StoredText.Decode(Path)), EnvironmentKindNames.Parse(Kind), LinkModeNames.Parse(LinkMode), FileCount, StoredText.Decode(SampleFile), LastScannedAt);
    }

    internal sealed class EdgeRow
    {
        public string Path { get; set; } = "";
        public string Kind { get; set; } = "";
        public long? AsEntryVersion { get; set; }
        public string? AsEntryId { get; set; }
        public long ArchiveVersion { get; set; }
        public string EntryId { get; set; } = "";
        public string LinkMode { get; set; } = "";
        public long FileCount { get; set; }

        public ReferenceEdge ToRecord() => new(
            new EnvPath(StoredText.Decode(Path)),
            EnvironmentKindNames.Parse(Kind),
            AsEntryId is null ? null : StoreColumns.Key(AsEntryVersion ?? 0, AsEntryId),
            StoreColumns.Key(ArchiveVersion, EntryId),
            LinkModeNames.Parse(LinkMode),
            FileCount);
    }

    internal sealed class StatisticsRow
    {
        public long Entries { get; set; }
        public long Environments { get; set; }
        public long ReferenceCount { get; set; }
        public long CacheBytes { get; set; }
        public long ReferencedBytes { get; set; }
        public long UnreferencedEntries { get; set; }
        public long ReclaimableBytes { get; set; }
        public long? LastScanAt { get; set; }
        public long? LastGcAt { get; set; }

        public StoreStatistics ToRecord() => new(
            Entries, Environments, ReferenceCount, CacheBytes, ReferencedBytes, ReclaimableBytes, UnreferencedEntries, LastScanAt, LastGcAt);
    }
}
