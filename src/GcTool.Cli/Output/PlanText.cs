using GcTool.Core.Collection;
using GcTool.Core.Environments;

namespace GcTool.Cli.Output;

/// <summary>
/// The words for gc's plan and its outcome: why an entry goes, why one stays, what held a condemned one
/// back, what went wrong in the sweep, and why --max-size is out of reach. One place, so the table, the
/// JSON, the log lines, <c>explain</c> and the verbose log say the same thing about the same facts; the
/// core hands over only kinds and facts (<see cref="RemovalReason"/>, <see cref="SweepProblem"/>).
/// </summary>
/// <remarks>Ages are measured from the plan's own time, never the clock at rendering, so a report reads the same later.</remarks>
internal static class PlanText
{
    /// <summary>Why the plan removes an entry, e.g. "unreferenced; last used 3d ago".</summary>
    public static string Reason(RemovalReason reason, long plannedAt)
    {
        string Ago(long at) => HumanTime.Format(TimeSpan.FromSeconds(plannedAt - at));
        switch (reason.Kind)
        {
            case RemovalKind.StaleCachedEnvironment:
                return $"cached environment unused for {Ago(reason.LastUsedAt ?? reason.CreatedAt)} (--environments {HumanTime.Format(reason.Environments ?? TimeSpan.Zero)})";
            case RemovalKind.OverMaxSize:
                return $"over --max-size; least recently used, last used {Ago(reason.LastUsedAt ?? reason.CreatedAt)} ago";
            case RemovalKind.Resumed:
                return "resumed from an interrupted gc";
            default:
                var kind = reason.Kind == RemovalKind.UnnamedCachedVenv ? "cached venv no longer named by uv" : "unreferenced";
                return reason.LastUsedAt is { } last
                    ? $"{kind}; last used {Ago(last)} ago"
                    : $"{kind}; never used by a known environment, created {Ago(reason.CreatedAt)} ago";
        }
    }

    /// <summary>What went wrong with a planned entry, in one line; null when the sweep was told no reason.</summary>
    public static string? Problem(SweepProblem? problem) => problem is null ? null : problem.Kind switch
    {
        SweepProblemKind.NotARealDirectory => "entry is no longer a real directory; left alone",
        SweepProblemKind.BucketUnreachable => $"{problem.Detail} cannot be opened as a real directory of the cache ({problem.OsError}); left alone",
        SweepProblemKind.InterruptedBeforeEntry => "interrupted before this entry; its pointers are gone, uv re-creates them",
        SweepProblemKind.MoveRefused => $"entry {problem.Detail}",
        SweepProblemKind.NoTrash => problem.Detail ?? "no trash directory; left untouched",
        SweepProblemKind.NotInTrashJournal => "in the trash but not in its journal; left alone (remove it by hand)",
        SweepProblemKind.InterruptedBeforeRename => "interrupted before its rename; planned again by this gc",
        _ => problem.Detail, // MoveFailed, DeleteFailed: the trash's own account, with the OS error
    };

    /// <summary>Why the protocol across hosts keeps a condemned entry this time (the verbose log's "keeping X: why").</summary>
    public static string Waiting(CondemnationWait wait, long decidedAt) => wait.Block switch
    {
        CondemnationBlock.SilentHosts => $"condemned; deletion blocked by silent host {string.Join(", ", wait.Hosts)}",
        _ => $"condemned {HumanTime.Format(TimeSpan.FromSeconds(decidedAt - wait.CondemnedAt))} ago; waiting for a scan by {string.Join(", ", wait.Hosts)}",
    };

    /// <summary>A keep reason in a sentence's words ("too young"), as the summary counts it.</summary>
    public static string Words(KeepReason reason) => reason.ToName().Replace('_', ' ');

    /// <summary>What a keep reason holds on to, for --max-size's "gc never deletes ...".</summary>
    public static string Describe(KeepReason reason) => reason switch
    {
        KeepReason.Referenced => "referenced by environments",
        KeepReason.CachedEnvironment => "in cached environments uv still names (see --environments)",
        KeepReason.TooYoung => "younger than --min-age",
        KeepReason.Hardlinked => "possibly hardlinked into environments",
        KeepReason.RecentlyUsed => "used within --keep-unused-for",
        _ => Words(reason),
    };

    /// <summary>Why the --max-size target cannot be reached, in words; null when it is.</summary>
    public static string? MaxSizeShortfall(MaxSizeOutcome max)
    {
        if (max.Reached) return null;
        var parts = max.BlockingBytes.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.ToName(), StringComparer.Ordinal)
            .Select(kv => $"{ByteSize.Format(kv.Value)} {Describe(kv.Key)}");
        return $"the cache stays at {ByteSize.Format(max.BytesAfter)}, over --max-size {ByteSize.Format(max.TargetBytes)}, because gc never deletes {string.Join(", ", parts)}";
    }

    /// <summary><c>explain ID</c>: why, in one phrase (the verdict is said beside it).</summary>
    public static string Explanation(EntryExplanation e)
    {
        if (e.Entry is not { } entry)
            return "not in the cache as of the last scan; run `gctool scan` if uv created it since";
        if (e.Removal is { } removal) return Reason(removal.Reason, e.PlannedAt);
        string Ago(long at) => HumanTime.Format(TimeSpan.FromSeconds(e.PlannedAt - at));
        var rootUsers = e.Users.Count(u => u.Kind != EnvironmentKind.CachedVenvArchive);
        var pinnedBy = e.PinnedBy.Count;
        return e.KeepReason switch
        {
            KeepReason.Referenced when rootUsers > 0 =>
                $"{rootUsers} environment{(rootUsers == 1 ? "" : "s")} link{(rootUsers == 1 ? "s" : "")} into it",
            KeepReason.Referenced =>
                $"cached venv {string.Join(", ", e.KeptVia.Select(k => k.RelativePath))}, which gc keeps, links into it",
            KeepReason.CachedEnvironment => e.Policies.Environments is { } window
                ? $"uv still names it as a cached environment ({pinnedBy} environments-v* link{(pinnedBy == 1 ? "" : "s")}), used within --environments {HumanTime.Format(window)}"
                : $"uv still names it as a cached environment ({pinnedBy} environments-v* link{(pinnedBy == 1 ? "" : "s")}); gc --environments DURATION would let stale ones go",
            KeepReason.TooYoung => entry.LastReferencedAt is { } last && last >= entry.DirTime
                ? $"last used {Ago(last)} ago, within --min-age {HumanTime.Format(e.MinAge)}"
                : $"created {Ago(entry.DirTime)} ago, within --min-age {HumanTime.Format(e.MinAge)}",
            KeepReason.Hardlinked => "an environment holds a hardlinked file that may be one of its files (the scan could not tell which entry)",
            KeepReason.RecentlyUsed =>
                $"an environment used it {Ago(entry.LastReferencedAt ?? entry.DirTime)} ago, within --keep-unused-for {HumanTime.Format(e.Policies.KeepUnusedFor ?? TimeSpan.Zero)}" +
                (e.Policies.MaxSizeBytes is { } target ? $", and the cache fits --max-size {ByteSize.Format(target)} without evicting it" : ""),
            { } other => Words(other),
            null => "",
        };
    }
}
