using Dapper;
using GcTool.Core.Cache;
using GcTool.Core.Store;

namespace GcTool.Store.Sql;

public partial class SqlGcStore
{
    public long StartGcRun(GcRunStart start) => Write(transaction =>
        connection.ExecuteScalar<long>("""
            INSERT INTO gc_runs (started_at, dry_run, min_age_seconds, host, status)
            VALUES (@startedAt, @dryRun, @minAge, @host, @status)
            RETURNING id
            """,
            new { startedAt = start.StartedAt, dryRun = start.DryRun, minAge = start.MinAgeSeconds, host = start.Host, status = GcRunStatus.Running.ToName() },
            transaction));

    public void RecordPlan(long runId, IReadOnlyList<GcPlanItemRecord> items) => Write(transaction =>
    {
        if (items.Count > 0) dialect.InsertPlanItems(transaction, runId, items, SweepState.Planned.ToName());
    });

    /// <inheritdoc />
    /// <remarks>
    /// A null <paramref name="trashPath"/> keeps the one recorded before (an item deleted from the
    /// trash still shows where it was); <paramref name="error"/> is stored as given, so a later
    /// success clears an earlier error.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The run has no such item: a plan must be recorded before it is swept.</exception>
    public void UpdateSweepStates(long runId, IReadOnlyList<SweepUpdate> updates) => Write(transaction =>
    {
        foreach (var update in updates)
        {
            var changed = connection.Execute("""
                UPDATE gc_items SET state = @state, trash_path = coalesce(@trash, trash_path), error = @error
                WHERE run_id = @run AND archive_version = @version AND entry_id = @id
                """,
                new { state = update.State.ToName(), trash = StoredText.EncodeOrNull(update.TrashPath), error = StoredText.EncodeOrNull(update.Error), run = runId, version = update.Entry.ArchiveVersion, id = update.Entry.Id.Value },
                transaction);
            if (changed == 0) throw new InvalidOperationException($"gc run {runId} has no planned item {update.Entry}");
        }
    });

    public void RemoveEntries(IReadOnlyList<EntryKey> entries) =>
        Write(transaction => new ScanCommitProtocol(dialect, transaction, HostId).RemoveEntries(entries));

    public int MarkAbandonedRuns(long finishedAt, string error) => Write(transaction =>
        connection.Execute("""
            UPDATE gc_runs SET finished_at = @finishedAt, status = @interrupted, error = @error
            WHERE status = @running AND NOT dry_run AND host = @host
            """,
            new { finishedAt, error, interrupted = GcRunStatus.Interrupted.ToName(), running = GcRunStatus.Running.ToName(), host = HostId },
            transaction));

    public void FinishGcRun(long runId, GcRunOutcome outcome) => Write(transaction =>
        connection.Execute("""
            UPDATE gc_runs SET finished_at = @finishedAt, status = @status, lock_wait_ms = @lockWait, lock_held_ms = @lockHeld,
                               entries_deleted = @deleted, bytes_freed = @freed, pointers_removed = @pointers,
                               failures = @failures, error = @error,
                               cache_bytes_before = @cacheBefore, cache_bytes_after = @cacheAfter
            WHERE id = @run
            """,
            new
            {
                finishedAt = outcome.FinishedAt, status = outcome.Status.ToName(), lockWait = outcome.LockWaitMs, lockHeld = outcome.LockHeldMs,
                deleted = outcome.EntriesDeleted, freed = outcome.BytesFreed, pointers = outcome.PointersRemoved,
                failures = outcome.Failures, error = StoredText.EncodeOrNull(outcome.Error), run = runId,
                cacheBefore = outcome.CacheBytesBefore, cacheAfter = outcome.CacheBytesAfter,
            },
            transaction));

    public IReadOnlyList<GcJournalItem> LoadUnfinishedSweeps() => Read(c =>
        c.Query<JournalItemRow>(JournalItemRow.Select + " WHERE i.state IN (@pointersRemoved, @trashed) ORDER BY i.run_id, i.id",
                new { pointersRemoved = SweepState.PointersRemoved.ToName(), trashed = SweepState.Trashed.ToName() })
            .Select(r => r.ToRecord())
            .ToArray());

    /// <remarks>Items come in the order the plan listed them.</remarks>
    public IReadOnlyList<GcJournalItem> LoadPlan(long runId) => Read(c =>
        c.Query<JournalItemRow>(JournalItemRow.Select + " WHERE i.run_id = @run ORDER BY i.id", new { run = runId })
            .Select(r => r.ToRecord())
            .ToArray());

    public IReadOnlyList<GcRunRecord> LoadGcHistory(int limit) => Read(c =>
        c.Query<RunRow>("""
            SELECT r.id AS Id, r.started_at AS StartedAt, r.finished_at AS FinishedAt, r.dry_run AS DryRun, r.status AS Status,
                   r.lock_wait_ms AS LockWaitMs, r.lock_held_ms AS LockHeldMs,
                   (SELECT count(*) FROM gc_items i WHERE i.run_id = r.id) AS EntriesPlanned,
                   r.entries_deleted AS EntriesDeleted, r.bytes_freed AS BytesFreed,
                   r.pointers_removed AS PointersRemoved, r.failures AS Failures,
                   r.cache_bytes_before AS CacheBytesBefore, r.cache_bytes_after AS CacheBytesAfter
            FROM gc_runs r
            ORDER BY r.started_at DESC, r.id DESC
            LIMIT @limit
            """, new { limit })
            .Select(r => r.ToRecord())
            .ToArray());

    internal sealed class JournalItemRow
    {
        public const string Select = """
            SELECT i.run_id AS RunId, i.archive_version AS ArchiveVersion, i.entry_id AS EntryId, i.state AS State,
                   i.trash_path AS TrashPath, i.bytes AS Bytes, i.freeable_bytes AS FreeableBytes, i.error AS Error
            FROM gc_items i
            """;

        public long RunId { get; set; }
        public long ArchiveVersion { get; set; }
        public string EntryId { get; set; } = "";
        public string State { get; set; } = "";
        public string? TrashPath { get; set; }
        public long Bytes { get; set; }
        public long FreeableBytes { get; set; }
        public string? Error { get; set; }

        public GcJournalItem ToRecord() => new(
            RunId, StoreColumns.Key(ArchiveVersion, EntryId), StateNames.ParseSweepState(State), StoredText.DecodeOrNull(TrashPath), Bytes, FreeableBytes, StoredText.DecodeOrNull(Error));
    }

    internal sealed class RunRow
    {
        public long Id { get; set; }
        public long StartedAt { get; set; }
        public long? FinishedAt { get; set; }
        public bool DryRun { get; set; }
        public string Status { get; set; } = "";
        public long LockWaitMs { get; set; }
        public long LockHeldMs { get; set; }
        public long EntriesPlanned { get; set; }
        public long EntriesDeleted { get; set; }
        public long BytesFreed { get; set; }
        public long PointersRemoved { get; set; }
        public long Failures { get; set; }
        public long? CacheBytesBefore { get; set; }
        public long? CacheBytesAfter { get; set; }

        public GcRunRecord ToRecord() => new(
            Id, StartedAt, FinishedAt, DryRun, StateNames.ParseRunStatus(Status), LockWaitMs, LockHeldMs,
            EntriesPlanned, EntriesDeleted, BytesFreed, PointersRemoved, Failures, CacheBytesBefore, CacheBytesAfter);
    }
}
