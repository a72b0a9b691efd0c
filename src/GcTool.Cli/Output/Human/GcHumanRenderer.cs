using GcTool.Core.Cache;
using GcTool.Cli.Output.Json;
using GcTool.Core.Collection;
using GcTool.Core.Store;
using GcTool.Core.Reclaim;
using Spectre.Console;
using static GcTool.Cli.Output.Human.HumanFormat;
using static GcTool.Cli.Output.TerminalText;

namespace GcTool.Cli.Output.Human;

/// <summary>
/// <c>gc</c>: the plan table (entry, package, version, size, reason, result), then a summary. A dry
/// run prints the same plan headed "Would delete", so what you review is what a real run does.
/// </summary>
internal static class GcHumanRenderer
{
    public static void Render(IAnsiConsole console, GcReport r, HumanFormat format)
    {
        if (r.Resumed.Count > 0)
        {
            console.WriteLine(Line($"Finished {Plural(r.Resumed.Count, "entry", "entries")} an interrupted gc had started:"));
            console.Write(PlanTable(r.Resumed, r.DryRun, r.PlannedAt, format));
        }

        var planned = r.Items.Sum(i => i.Bytes);
        var freeable = r.Items.Sum(i => i.FreeableBytes);
        if (r.Items.Count == 0)
        {
            console.WriteLine(r.DryRun ? "Would delete nothing: every entry is referenced or too young." : "Nothing to delete: every entry is referenced or too young.");
        }
        else
        {
            var verb = r.DryRun ? "Would delete" : "Planned";
            console.WriteLine(Line($"{verb} {Plural(r.Items.Count, "entry", "entries")} ({Size(planned)}, {Size(freeable)} not hardlinked elsewhere):"));
            console.Write(PlanTable(r.Items, r.DryRun, r.PlannedAt, format));
        }

        WriteReclaim(console, r, format);
        WriteFailures(console, r);
        WriteSummary(console, r, freeable);
        ScanHumanRenderer.WriteSkipped(console, r.Scan.Skipped, format);
    }

    /// <summary>A dry run has no results to show, so its table leaves that column out and gives the room to the reason.</summary>
    private static Table PlanTable(IReadOnlyList<RemovalOutcome> items, bool dryRun, long plannedAt, HumanFormat format)
    {
        TableColumn[] columns = [Column("Entry").NoWrap(), Column("Package"), Column("Version"), NumberColumn("Size"), Column("Reason")];
        var table = format.Table(dryRun ? columns : [.. columns, Column("Result")]);
        foreach (var item in items)
        {
            var planned = item.Planned;
            List<Text> cells = [Cell(Entry(item.Entry)), Cell(OrDash(planned.DistName)), Cell(OrDash(planned.DistVersion)), Cell(Size(item.Bytes)),
                Cell(PlanText.Reason(planned.Reason, plannedAt))];
            if (!dryRun) cells.Add(Result(item.State));
            table.AddRow(cells);
        }
        return table;
    }

    /// <summary>Stale buckets, staging leftovers and stale sdist revisions: a table of what goes, a line per category kept. Nothing when the cache has none.</summary>
    private static void WriteReclaim(IAnsiConsole console, GcReport r, HumanFormat format)
    {
        if (r.Reclaim is not { } reclaim) return;
        if (reclaim.Resumed.Count > 0)
            console.WriteLine(Line($"Finished reclaiming {Plural(reclaim.Resumed.Count, "directory", "directories")} an interrupted gc had moved into the trash ({Size(reclaim.Resumed.Sum(d => d.BytesFreed))})."));
        if (reclaim.Items.Count > 0)
        {
            console.WriteLine(Line($"{(r.DryRun ? "Would reclaim" : "Reclaimed")} what uv cache prune removes besides entries: {Plural(reclaim.Items.Count, "directory", "directories")} ({Size(reclaim.PlannedBytes)}):"));
            TableColumn[] columns = [Column("Directory").NoWrap(), Column("Category"), NumberColumn("Size"), Column("Rule")];
            var table = format.Table(r.DryRun ? columns : [.. columns, Column("Result")]);
            foreach (var item in reclaim.Items)
            {
                List<Text> cells = [Cell(item.Item.RelativePath), Cell(ReclaimText.Title(item.Item.Category)), Cell(Size(item.Item.Bytes)), Cell(ReclaimText.Rule(item.Item))];
                if (!r.DryRun) cells.Add(Result(item.State));
                table.AddRow(cells);
            }
            console.Write(table);
        }
        foreach (var kept in reclaim.Kept.GroupBy(k => (k.Item.Category, k.Reason)))
            console.WriteLine(Line($"Kept {Plural(kept.Count(), ReclaimText.Title(kept.Key.Category), ReclaimText.Title(kept.Key.Category) + "s")} ({Size(kept.Sum(k => k.Item.Bytes))}): {ReclaimText.Kept(kept.First(), r.MinAge)}."));
        foreach (var item in reclaim.Items.Where(i => i.Problem is not null))
            console.Write(new Text(Line($"{(item.State == SweepState.Failed ? "Failed" : "Left")} {item.Item.RelativePath}: {ReclaimText.Problem(item.Problem)}\n")));
    }

    private static Text Result(SweepState state) => state switch
        {
            SweepState.Deleted => Cell("deleted", new Style(Color.Green)),
            SweepState.Failed => Cell("FAILED", new Style(Color.Red, decoration: Decoration.Bold)),
            SweepState.Skipped => Cell("skipped", new Style(Color.Yellow)),
            _ => Cell(state.ToName().Replace('_', ' ')),
        };

    private static void WriteFailures(IAnsiConsole console, GcReport r)
    {
        var failed = r.Resumed.Concat(r.Items).Where(i => i.State == SweepState.Failed || PlanText.Problem(i.Problem) is not null).ToList();
        foreach (var item in failed)
            console.Write(new Text(Line($"Failed {item.Entry}: {PlanText.Problem(item.Problem) ?? "no reason given"}\n")));
        foreach (var failure in r.Objects?.Failures ?? [])
            console.Write(new Text(Line($"Failed {failure}\n")));
    }

    private static void WriteSummary(IAnsiConsole console, GcReport r, long freeable)
    {
        var deleted = r.Items.Concat(r.Resumed).Count(i => i.State == SweepState.Deleted);
        var pointers = Line($"{Plural(r.PointersRemoved, "pointer", "pointers")} and {Plural(r.DanglingPointersRemoved, "dangling pointer", "dangling pointers")}");
        if (r.DryRun)
        {
            var alsoPointers = r.PointersRemoved + r.DanglingPointersRemoved > 0 ? Line($" and remove {pointers}") : "";
            console.WriteLine(Line($"Dry run: nothing changed. Would free {Size(freeable + (r.Objects?.BytesFreed ?? 0) + (r.Reclaim?.PlannedBytes ?? 0))}{alsoPointers}."));
        }
        else
        {
            var run = r.RunId is { } id ? Line($" (run {id})") : "";
            console.WriteLine(
                Line($"Deleted {Plural(deleted, "entry", "entries")}, freed {Size(r.BytesFreed)}, removed {pointers}; ") +
                Line($"lock held {Duration(r.LockHeld)} after waiting {Duration(r.LockWaited)}{run}."));
        }
        if (r.Objects is { Removed: > 0 } objects)
            console.WriteLine(r.DryRun
                ? Line($"{Plural(objects.Removed, "files-v0 object", "files-v0 objects")} ({Size(objects.BytesFreed)}) are linked from nowhere else now; gc removes them.")
                : Line($"Removed {Plural(objects.Removed, "files-v0 object", "files-v0 objects")} nothing linked any more ({Size(objects.BytesFreed)}, counted in what was freed)."));
        if (r.Kept.Count > 0)
        {
            var total = r.Kept.Values.Sum();
            var reasons = string.Join(", ", r.Kept.OrderBy(k => k.Key.ToName(), StringComparer.Ordinal).Select(k => Line($"{Count(k.Value)} {PlanText.Words(k.Key)}")));
            console.WriteLine(Line($"Kept {Plural(total, "entry", "entries")}: {reasons}."));
        }
        if (r.MaxSize is { } max)
        {
            var line = max.Reached
                ? Line($"--max-size {Size(max.TargetBytes)}: the cache goes from {Size(max.BytesBefore)} to {Size(max.BytesAfter)}{(max.Evicted > 0 ? $", evicting {Plural(max.Evicted, "recently used entry", "recently used entries")} least recently used first" : "")}.")
                : Line($"Target not reached: {PlanText.MaxSizeShortfall(max)}.");
            console.Write(new Text(line + "\n"));
        }
        if (r.Failures > 0)
            console.WriteLine(Line($"{Plural(r.Failures, "entry", "entries")} could not be deleted (listed above); the rest went. Fix the cause and run gc again."));
    }
}
