namespace GcTool.Core.Collection;

/// <summary>
/// Stable codes of the plan's enums: keep reasons are JSON keys, removal kinds go into the journal's
/// <c>reason</c> column, and problems into its <c>error</c> column. A renumbered enum cannot change them.
/// The words for people are the CLI's (<c>PlanText</c>).
/// </summary>
public static class PlanNames
{
    public static string ToName(this KeepReason reason) => reason switch
    {
        KeepReason.Referenced => "referenced",
        KeepReason.CachedEnvironment => "cached_environment",
        KeepReason.TooYoung => "too_young",
        KeepReason.Hardlinked => "hardlinked",
        KeepReason.Condemned => "condemned",
        KeepReason.RecentlyUsed => "recently_used",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static string ToName(this RemovalKind kind) => kind switch
    {
        RemovalKind.Unreferenced => "unreferenced",
        RemovalKind.UnnamedCachedVenv => "unnamed_cached_venv",
        RemovalKind.StaleCachedEnvironment => "stale_cached_environment",
        RemovalKind.OverMaxSize => "over_max_size",
        RemovalKind.Resumed => "resumed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string ToName(this SweepProblemKind kind) => kind switch
    {
        SweepProblemKind.NotARealDirectory => "not_a_real_directory",
        SweepProblemKind.BucketUnreachable => "bucket_unreachable",
        SweepProblemKind.InterruptedBeforeEntry => "interrupted_before_entry",
        SweepProblemKind.MoveRefused => "move_refused",
        SweepProblemKind.MoveFailed => "move_failed",
        SweepProblemKind.DeleteFailed => "delete_failed",
        SweepProblemKind.NoTrash => "no_trash",
        SweepProblemKind.NotInTrashJournal => "not_in_trash_journal",
        SweepProblemKind.InterruptedBeforeRename => "interrupted_before_rename",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string ToName(this CondemnationBlock block) => block switch
    {
        CondemnationBlock.SilentHosts => "silent_hosts",
        CondemnationBlock.ScanPending => "scan_pending",
        _ => throw new ArgumentOutOfRangeException(nameof(block), block, null),
    };

    /// <summary>The journal's <c>error</c> column: the problem's code, then its details (one line, for a SQL shell).</summary>
    public static string ToJournalText(this SweepProblem problem) =>
        string.Join(": ", new[] { problem.Kind.ToName(), problem.Detail, problem.OsError }.Where(s => s is not null));
}
