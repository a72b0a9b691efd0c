using GcTool.Core.Cache;
using GcTool.Core.Store;

namespace GcTool.Store.Postgres;

/// <summary>
/// Text names of the enums the core does not name itself. Stored as text (not numbers) so the
/// database reads plainly in psql and a renumbered enum cannot silently change meaning.
/// Link modes and environment kinds use the core's own <c>ToName</c>/<c>Parse</c>.
/// </summary>
internal static class PgNames
{
    public static string ToName(this EntryKind kind) => kind switch
    {
        EntryKind.Unknown => "unknown",
        EntryKind.Wheel => "wheel",
        EntryKind.Venv => "venv",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static EntryKind ParseEntryKind(string name) => name switch
    {
        "unknown" => EntryKind.Unknown,
        "wheel" => EntryKind.Wheel,
        "venv" => EntryKind.Venv,
        _ => throw new FormatException($"unknown entry kind '{name}'"),
    };

    public static string ToName(this SweepState state) => state switch
    {
        SweepState.Planned => "planned",
        SweepState.PointersRemoved => "pointers-removed",
        SweepState.Trashed => "trashed",
        SweepState.Deleted => "deleted",
        SweepState.Skipped => "skipped",
        SweepState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static SweepState ParseSweepState(string name) => name switch
    {
        "planned" => SweepState.Planned,
        "pointers-removed" => SweepState.PointersRemoved,
        "trashed" => SweepState.Trashed,
        "deleted" => SweepState.Deleted,
        "skipped" => SweepState.Skipped,
        "failed" => SweepState.Failed,
        _ => throw new FormatException($"unknown sweep state '{name}'"),
    };

    public static string ToName(this GcRunStatus status) => status switch
    {
        GcRunStatus.Running => "running",
        GcRunStatus.Completed => "completed",
        GcRunStatus.CompletedWithErrors => "completed-with-errors",
        GcRunStatus.Interrupted => "interrupted",
        GcRunStatus.Failed => "failed",
        GcRunStatus.DryRun => "dry-run",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static GcRunStatus ParseRunStatus(string name) => name switch
    {
        "running" => GcRunStatus.Running,
        "completed" => GcRunStatus.Completed,
        "completed-with-errors" => GcRunStatus.CompletedWithErrors,
        "interrupted" => GcRunStatus.Interrupted,
        "failed" => GcRunStatus.Failed,
        "dry-run" => GcRunStatus.DryRun,
        _ => throw new FormatException($"unknown gc run status '{name}'"),
    };

    /// <summary>An entry key from its two columns.</summary>
    public static EntryKey Key(long archiveVersion, string entryId) =>
        EntryId.TryParse(entryId, out var id)
            ? new EntryKey(checked((int)archiveVersion), id.Value)
            : throw new FormatException($"stored entry id '{entryId}' is not an archive entry id");

    /// <summary>PostgreSQL bigints are signed 64-bit; device and inode numbers are stored as the same bits.</summary>
    public static long ToDb(ulong value) => unchecked((long)value);

    public static ulong FromDb(long value) => unchecked((ulong)value);
}
