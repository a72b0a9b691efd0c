using GcTool.Core.Collection;
using GcTool.Core.Reclaim;
using GcTool.Core.Store;

namespace GcTool.Cli.Output.Log;

/// <summary>
/// <c>gc</c> when stdout is not a terminal (cron mail, a systemd journal, a log file): one line per
/// deleted entry (with <c>--dry-run</c>, per planned one) and one summary line, never wrapped, so
/// each journal record is one whole fact that <c>grep</c> and log shippers can take apart.
/// <c>--quiet</c> keeps only the summary.
/// </summary>
/// <remarks>
/// Lines start with the outcome (<c>deleted</c>, <c>would-delete</c>, <c>failed</c>, <c>skipped</c>,
/// <c>unread</c> for a path the scan could not read, <c>summary</c>); <see cref="JournalLevelWriter.StdoutLevel"/> gives <c>failed</c> lines warning
/// priority and the summary notice priority in the journal.
/// </remarks>
internal static class GcLogRenderer
{
    public static void Render(TextWriter stdout, GcReport r, bool quiet)
    {
        if (!quiet)
        {
            foreach (var item in r.Resumed.Concat(r.Items))
                stdout.WriteLine(Entry(item, r.DryRun, r.PlannedAt).ToString());
            foreach (var item in r.Reclaim?.Items ?? [])
                stdout.WriteLine(Reclaimed(item, r.DryRun).ToString());
            // What the scan could not read is what an operator must fix first: one line each, named.
            foreach (var skipped in r.Scan.Skipped)
                stdout.WriteLine(new LogLine("unread").Add("path", skipped.Path).Add("reason", skipped.Reason).ToString());
        }
        stdout.WriteLine(Summary(r).ToString());
    }

    private static LogLine Entry(RemovalOutcome item, bool dryRun, long plannedAt)
    {
        var planned = item.Planned;
        var line = new LogLine(dryRun ? "would-delete" : Outcome(item.State))
            .Add("entry", item.Entry.RelativePath)
            .Add("dist", planned.DistName)
            .Add("version", planned.DistVersion)
            .Add("bytes", item.Bytes)
            .Add("freeable_bytes", item.FreeableBytes)
            .Add("reason", PlanText.Reason(planned.Reason, plannedAt));
        return PlanText.Problem(item.Problem) is { } error ? line.Add("error", error) : line;
    }

    /// <summary>A stale bucket, staging leftover or stale sdist revision: its own line, with its category and rule.</summary>
    private static LogLine Reclaimed(ReclaimOutcome item, bool dryRun)
    {
        var line = new LogLine(dryRun ? "would-reclaim" : item.State == SweepState.Deleted ? "reclaimed" : Outcome(item.State))
            .Add("path", item.Item.RelativePath)
            .Add("category", ReclaimText.Name(item.Item.Category))
            .Add("bytes", item.Item.Bytes)
            .Add("rule", ReclaimText.Rule(item.Item));
        return ReclaimText.Problem(item.Problem) is { } error ? line.Add("error", error) : line;
    }

    private static string Outcome(SweepState state) => state switch
    {
        SweepState.Deleted => "deleted",
        SweepState.Failed => "failed",
        SweepState.Skipped => "skipped",
        _ => state.ToName().Replace('_', '-'),
    };

    private static LogLine Summary(GcReport r)
    {
        var all = r.Resumed.Concat(r.Items).ToList();
        var line = new LogLine("summary")
            .Add("dry_run", r.DryRun)
            .Add("planned", all.Count)
            .Add("planned_bytes", all.Sum(i => i.Bytes))
            .Add("deleted", all.Count(i => i.State == SweepState.Deleted))
            .Add("failed", r.Failures)
            .Add("bytes_freed", r.BytesFreed)
            .Add("pointers_removed", r.PointersRemoved + r.DanglingPointersRemoved)
            .Add("kept", r.Kept.Values.Sum())
            .Add("lock_wait_ms", (long)r.LockWaited.TotalMilliseconds)
            .Add("lock_held_ms", (long)r.LockHeld.TotalMilliseconds)
            .Add("elapsed_ms", (long)r.Elapsed.TotalMilliseconds)
            .Add("skipped_paths", r.Scan.Skipped.Count);
        if (r.Reclaim is { } reclaim && (reclaim.Items.Count > 0 || reclaim.Resumed.Count > 0))
            line.Add("reclaimed_directories", reclaim.Items.Count(i => r.DryRun || i.State == SweepState.Deleted))
                .Add("reclaim_bytes", r.DryRun ? reclaim.PlannedBytes : reclaim.BytesFreed);
        if (r.MaxSize is { } max)
        {
            line.Add("max_size_reached", max.Reached);
            if (!max.Reached) line.Add("max_size", $"Target not reached: {PlanText.MaxSizeShortfall(max)}");
        }
        return r.RunId is { } id ? line.Add("run", id) : line;
    }
}
