using GcTool.Core.Cache;
using Dapper;
using GcTool.Core.Environments;
using GcTool.Core.Platform;
using GcTool.Core.Store;

namespace GcTool.Store.Sql;

public partial class SqlGcStore
{
    public DiscoverySnapshot? LoadDiscovery(RootPath root) => Read(c =>
    {
        // One statement, so the snapshot is read consistently: no row = no snapshot, one row with a
        // NULL path = a snapshot with no directories.
        var rows = c.Query<DiscoveryRow>("""
            SELECT x.path AS Path, x.modified_ns AS ModifiedNs, x.is_environment AS IsEnvironment, x.is_mount_root AS IsMountRoot
            FROM discoveries d LEFT JOIN discovery_dirs x ON x.host = d.host AND x.root = d.root
            WHERE d.host = @host AND d.root = @root
            ORDER BY x.ordinal
            """, new { root = StoredText.Encode(root.Value), host = HostId }).ToArray();
        if (rows.Length == 0) return null;
        var directories = rows
            .Where(r => r.Path is not null)
            .Select(r => new WalkedDirectory(StoredText.Decode(r.Path!), r.ModifiedNs ?? 0, r.IsEnvironment ?? false, r.IsMountRoot ?? false))
            .ToArray();
        return new DiscoverySnapshot(root, directories);
    });

    public IReadOnlyList<EnvironmentRecord> LoadEnvironments() => Read(c =>
        c.Query<EnvironmentRow>(EnvironmentRow.Select + " ORDER BY v.path").Select(r => r.ToRecord()).ToArray());

    /// <remarks>Without inodes the blob column is not selected, so the database never reads its pages.</remarks>
    public IReadOnlyList<EntryRecord> LoadEntries(bool withInodes) => LoadEntries(withInodes, withLastUse: true);

    public IReadOnlyList<EntryRecord> LoadEntryReadings(bool withInodes) => LoadEntries(withInodes, withLastUse: false);

    private EntryRecord[] LoadEntries(bool withInodes, bool withLastUse) => Read(c =>
        c.Query<EntryRow>(EntryRow.Select(withInodes, withLastUse) + " ORDER BY e.archive_version, e.entry_id")
            .Select(r => r.ToRecord(withInodes))
            .ToArray());

    public void CommitScan(ScanCommit commit) => Write(transaction => new ScanCommitProtocol(dialect, transaction, HostId).Write(commit));

    public IReadOnlyList<ReferenceEdge> LoadReferenceGraph() => LoadWholeGraph();

    /// <remarks>The backend's own query where it has one (<see cref="SqlDialect.PlanningGraphSql"/>), else the whole graph.</remarks>
    public IReadOnlyList<ReferenceEdge> LoadPlanningGraph() => dialect.PlanningGraphSql is not { } sql ? LoadWholeGraph() : Read(c =>
        c.Query<EdgeRow>(sql, new { cachedVenv = EnvironmentKind.CachedVenvArchive.ToName() })
            .Select(r => r.ToRecord())
            .ToArray());

    /// <remarks>An EXISTS probe of <c>env_references_by_entry</c> per recorded entry: ~1 ms for 3,000 entries and 120k references.</remarks>
    public IReadOnlyList<EntryKey> LoadReferencedEntries() => Read(c =>
        c.Query<ReferencedEntryRow>("""
            SELECT e.archive_version AS ArchiveVersion, e.entry_id AS EntryId FROM entries e
            WHERE EXISTS (SELECT 1 FROM env_references r WHERE r.entry_id = e.entry_id AND r.archive_version = e.archive_version)
            """)
            .Select(r => StoreColumns.Key(r.ArchiveVersion, r.EntryId))
            .ToArray());

    internal sealed class ReferencedEntryRow
    {
        public long ArchiveVersion { get; set; }
        public string EntryId { get; set; } = "";
    }

    public IReadOnlySet<FileId> LoadUnmatchedHardlinks() => Read(c =>
        c.Query<FileIdRow>("SELECT DISTINCT device AS Device, inode AS Inode FROM unmatched_hardlinks")
            .Select(r => new FileId(StoreColumns.FromDb(r.Device), StoreColumns.FromDb(r.Inode)))
            .ToHashSet());

    internal sealed class DiscoveryRow
    {
        // Nullable: the LEFT JOIN gives one all-NULL row for a snapshot with no directories, and
        // Dapper.AOT's readers, unlike Dapper's, do not turn NULL into 0.
        public string? Path { get; set; }
        public long? ModifiedNs { get; set; }
        public bool? IsEnvironment { get; set; }
        public bool? IsMountRoot { get; set; }
    }

    internal sealed class FileIdRow
    {
        public long Device { get; set; }
        public long Inode { get; set; }
    }

    /// <remarks>
    /// An entry's last use is derived here (schema migration 7): one that some environment references now
    /// was referenced at the last scan (<c>meta.last_scan_at</c>); one that is not keeps the stored time of
    /// the last scan that saw it referenced. One index probe of <c>env_references_by_entry</c> per entry.
    /// </remarks>
    internal sealed class EntryRow
    {
        /// <param name="withLastUse">Without it, <c>LastReferencedAt</c> is not selected and stays null.</param>
        public static string Select(bool withInodes, bool withLastUse = true) => $"""
            SELECT e.archive_version AS ArchiveVersion, e.entry_id AS EntryId, e.kind AS Kind,
                   e.dist_name AS DistName, e.dist_version AS DistVersion, e.file_count AS FileCount,
                   e.bytes AS Bytes, e.freeable_bytes AS FreeableBytes, e.dir_time AS DirTime,
                   e.first_seen_at AS FirstSeenAt, {(withLastUse ? LastUse : "")}
                   e.device AS Device{(withInodes ? ", e.inodes AS Inodes" : "")}
            FROM entries e{(withLastUse ? " CROSS JOIN (SELECT last_scan_at FROM meta WHERE id = 1) m" : "")}
            """;

        private const string LastUse = """
            CASE WHEN m.last_scan_at >= coalesce(e.last_referenced_at, m.last_scan_at)
                      AND EXISTS (SELECT 1 FROM env_references r
                                  WHERE r.entry_id = e.entry_id AND r.archive_version = e.archive_version)
                 THEN m.last_scan_at ELSE e.last_referenced_at END AS LastReferencedAt,
            """;

        public long ArchiveVersion { get; set; }
        public string EntryId { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? DistName { get; set; }
        public string? DistVersion { get; set; }
        public long FileCount { get; set; }
        public long Bytes { get; set; }
        public long FreeableBytes { get; set; }
        public long DirTime { get; set; }
        public long FirstSeenAt { get; set; }
        public long? LastReferencedAt { get; set; }
        public long Device { get; set; }
        public byte[]? Inodes { get; set; }

        public EntryRecord ToRecord(bool withInodes) => new(
            StoreColumns.Key(ArchiveVersion, EntryId),
            EntryKindNames.ParseEntryKind(Kind),
            DistName,
            DistVersion,
            FileCount,
            Bytes,
            FreeableBytes,
            DirTime,
            FirstSeenAt,
            LastReferencedAt,
            StoreColumns.FromDb(Device),
            withInodes ? InodeBlob.Unpack(Inodes ?? []) : null);
    }

    internal sealed class EnvironmentRow
    {
        public const string Select = """
            SELECT v.path AS Path, v.kind AS Kind, v.root AS Root,
                   v.as_entry_version AS AsEntryVersion, v.as_entry_id AS AsEntryId,
                   v.fingerprint AS Fingerprint, v.python_version AS PythonVersion,
                   v.first_seen_at AS FirstSeenAt, v.last_scanned_at AS LastScannedAt,
                   v.file_count AS FileCount, v.skipped_count AS SkippedCount, v.host AS Host
            FROM environments v
            """;

        public string Path { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? Root { get; set; }
        public long? AsEntryVersion { get; set; }
        public string? AsEntryId { get; set; }
        public string Fingerprint { get; set; } = "";
        public string? PythonVersion { get; set; }
        public long FirstSeenAt { get; set; }
        public long LastScannedAt { get; set; }
        public long FileCount { get; set; }
        public long SkippedCount { get; set; }
        public string? Host { get; set; }

        public EnvironmentRecord ToRecord() => new(
            new EnvPath(StoredText.Decode(Path)),
            EnvironmentKindNames.Parse(Kind),
            Root is null ? null : new RootPath(StoredText.Decode(Root)),
            AsEntryId is null ? null : StoreColumns.Key(AsEntryVersion ?? 0, AsEntryId),
            StoredText.Decode(Fingerprint),
            PythonVersion,
            FirstSeenAt,
            LastScannedAt,
            FileCount,
            SkippedCount,
            Host);
    }
}
