namespace GcTool.Store.Sql;

/// <summary>
/// The parts of the bulk upserts every backend shares: the columns and what a conflict keeps. The
/// dialects differ only in how the rows reach the server (a prepared statement per row, or arrays).
/// </summary>
internal static class SqlText
{
    public const string EntryColumns = """
        archive_version, entry_id, kind, dist_name, dist_version, file_count, bytes,
        freeable_bytes, dir_time, first_seen_at, last_referenced_at, device, inodes
        """;

    /// <summary>
    /// Keeps the earlier first-seen and the later last-referenced time of the stored and new row;
    /// replaces everything else. A record without inodes (null, "not loaded") keeps the stored inode
    /// list rather than erasing it; an empty list replaces it.
    /// </summary>
    public static string EntryConflict(SqlDialect d) => $"""
        ON CONFLICT (archive_version, entry_id) DO UPDATE SET
            kind = excluded.kind,
            dist_name = excluded.dist_name,
            dist_version = excluded.dist_version,
            file_count = excluded.file_count,
            bytes = excluded.bytes,
            freeable_bytes = excluded.freeable_bytes,
            dir_time = excluded.dir_time,
            first_seen_at = {d.Least}(entries.first_seen_at, excluded.first_seen_at),
            last_referenced_at = {d.Greatest}(coalesce(entries.last_referenced_at, excluded.last_referenced_at),
                                              coalesce(excluded.last_referenced_at, entries.last_referenced_at)),
            device = excluded.device,
            inodes = coalesce(excluded.inodes, entries.inodes)
        """;

    public const string EnvironmentColumns = """
        path, kind, root, as_entry_version, as_entry_id, fingerprint, python_version,
        first_seen_at, last_scanned_at, file_count, skipped_count, host
        """;

    /// <summary>Keeps the earlier first-seen time of the stored and new row; replaces everything else.</summary>
    public static string EnvironmentConflict(SqlDialect d) => $"""
        ON CONFLICT (path) DO UPDATE SET
            kind = excluded.kind,
            root = excluded.root,
            as_entry_version = excluded.as_entry_version,
            as_entry_id = excluded.as_entry_id,
            fingerprint = excluded.fingerprint,
            python_version = excluded.python_version,
            first_seen_at = {d.Least}(environments.first_seen_at, excluded.first_seen_at),
            last_scanned_at = excluded.last_scanned_at,
            file_count = excluded.file_count,
            skipped_count = excluded.skipped_count,
            host = excluded.host
        """;

    public const string ReferenceColumns = "env_id, archive_version, entry_id, link_mode, file_count, sample_file";

    public const string DiscoveryDirectoryColumns = "host, root, ordinal, path, modified_ns, is_environment, is_mount_root";

    public const string PlanItemColumns = "run_id, archive_version, entry_id, dist_name, dist_version, bytes, freeable_bytes, reason, state";
}
