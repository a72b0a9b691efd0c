namespace GcTool.Core.Store;

/// <summary>
/// Stable text names of the journal's enums: stored as text (a renumbered enum cannot silently
/// change meaning, and the database reads plainly in a SQL shell) and printed in JSON.
/// </summary>
public static class StateNames
{
    public static string ToName(this SweepState state) => state switch
    {
        SweepState.Planned => "planned",
        SweepState.PointersRemoved => "pointers_removed",
        SweepState.Trashed => "trashed",
        SweepState.Deleted => "deleted",
        SweepState.Skipped => "skipped",
        SweepState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static SweepState ParseSweepState(string name) => name switch
    {
        "planned" => SweepState.Planned,
        "pointers_removed" => SweepState.PointersRemoved,
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
        GcRunStatus.CompletedWithErrors => "completed_with_errors",
        GcRunStatus.Interrupted => "interrupted",
        GcRunStatus.Failed => "failed",
        GcRunStatus.DryRun => "dry_run",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static GcRunStatus ParseRunStatus(string name) => name switch
    {
        "running" => GcRunStatus.Running,
        "completed" => GcRunStatus.Completed,
        "completed_with_errors" => GcRunStatus.CompletedWithErrors,
        "interrupted" => GcRunStatus.Interrupted,
        "failed" => GcRunStatus.Failed,
        "dry_run" => GcRunStatus.DryRun,
        _ => throw new FormatException($"unknown gc run status '{name}'"),
    };
}
