using GcTool.Core.Collection;
using GcTool.Core.Reclaim;

namespace GcTool.Cli.Output;

/// <summary>
/// The words for reclaim items (stale buckets, staging leftovers, stale sdist revisions): one place, so the
/// table, the log lines, the JSON <c>rule</c> and <c>explain</c> say the same thing about the same facts.
/// </summary>
internal static class ReclaimText
{
    /// <summary>The stable name of a category (JSON, log lines).</summary>
    public static string Name(ReclaimCategory category) => category switch
    {
        ReclaimCategory.StaleBucket => "stale_bucket",
        ReclaimCategory.StagingLeftover => "staging_leftover",
        _ => "stale_sdist_revision",
    };

    /// <summary>The category in words (tables).</summary>
    public static string Title(ReclaimCategory category) => category switch
    {
        ReclaimCategory.StaleBucket => "stale bucket",
        ReclaimCategory.StagingLeftover => "staging leftover",
        _ => "stale sdist revision",
    };

    public static string Name(ReclaimKeepReason reason) => reason switch
    {
        ReclaimKeepReason.TooYoung => "too_young",
        ReclaimKeepReason.KeepStaleBuckets => "keep_stale_buckets",
        ReclaimKeepReason.HoldsPins => "holds_pins",
        _ => "unreadable",
    };

    /// <summary>The rule that sends <paramref name="item"/> away, with its facts.</summary>
    public static string Rule(ReclaimItem item)
    {
        var unchanged = $"nothing in it changed for {HumanTime.Format(TimeSpan.FromSeconds(item.UnchangedForSeconds))}";
        return item.Category switch
        {
            ReclaimCategory.StaleBucket =>
                $"bucket written by an older uv ({(item.CurrentVersion is { } current ? $"current uv writes -v{current}" : "uv renamed this bucket")}" +
                $"{(item.NewerVersionBeside is { } newer ? $", -v{newer} is beside it" : "")}); uv cache prune removes it; {unchanged}",
            ReclaimCategory.StagingLeftover =>
                $"staging directory a uv left behind (uv's tempdir_in); uv cache prune removes it; {unchanged}",
            _ => $"sdist revision its shard no longer uses (current: {item.CurrentRevision}); uv cache prune removes it; {unchanged}",
        };
    }

    /// <summary>Why a directory of a category stays this time.</summary>
    public static string Kept(KeptReclaimItem kept, TimeSpan? minAge) => kept.Reason switch
    {
        ReclaimKeepReason.TooYoung =>
            $"something in it changed {HumanTime.Format(TimeSpan.FromSeconds(kept.Item.UnchangedForSeconds))} ago, within --min-age{(minAge is { } age ? $" {HumanTime.Format(age)}" : "")} (a uv may still use it)",
        ReclaimKeepReason.KeepStaleBuckets => "--keep-stale-buckets (gc.keep-stale-buckets) keeps buckets an older uv wrote",
        ReclaimKeepReason.HoldsPins => "the highest sdists-v* bucket holds gctool's pins; never reclaimed whole",
        _ => "part of it could not be read, so its age is unknown",
    };

    /// <summary>Why a reclaim directory was left or failed, in one line; null when it went as planned.</summary>
    public static string? Problem(ReclaimProblem? problem) => problem is null ? null : problem.Kind switch
    {
        ReclaimProblemKind.NotTheSurveyedDirectory => "is no longer the directory surveyed; left alone",
        ReclaimProblemKind.ShardChanged => "its shard changed since the survey (a new revision?); left for the next gc",
        ReclaimProblemKind.ChangedSinceSurvey => $"{problem.Detail} changed since the survey (a uv is using it?); left for the next gc",
        ReclaimProblemKind.ParentUnreachable => $"{problem.Detail} cannot be opened as a real directory of the cache; left alone",
        ReclaimProblemKind.InterruptedBeforeDirectory => "interrupted before this directory; the next gc reclaims it",
        ReclaimProblemKind.SweepInterrupted => "gc was interrupted before it; the next gc reclaims it",
        ReclaimProblemKind.NoTrash => problem.Detail ?? "no trash directory; left untouched",
        _ => problem.Detail, // MoveRefused, MoveFailed, DeleteFailed: the trash's own account, with the OS error
    };
}
