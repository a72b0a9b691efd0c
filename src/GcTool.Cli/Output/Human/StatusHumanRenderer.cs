using GcTool.Core.Audit;
using Spectre.Console;
using static GcTool.Cli.Output.Human.HumanFormat;
using static GcTool.Cli.Output.TerminalText;

namespace GcTool.Cli.Output.Human;

/// <summary><c>status</c>: what the database knows about the cache, and when it last looked.</summary>
/// <remarks>
/// Written as plain lines straight to stdout, not through a Spectre table or text: those wrap at the
/// console width and would split a long cache, database or root path across lines, which breaks
/// copying it and <c>grep</c>. Each path comes last on its line, so a narrow terminal soft-wraps it
/// without a newline in it.
/// </remarks>
internal static class StatusHumanRenderer
{
    private const int LabelWidth = 17;

    public static void Render(IAnsiConsole console, StatusReport r, HumanFormat format)
    {
        var output = console.Profile.Out.Writer;
        var s = r.Statistics;
        Row(output, "Cache", r.CacheRoot);
        Row(output, "Database", r.Database);
        Row(output, "Entries", Line($"{Count(s.Entries)} ({Count(s.UnreferencedEntries)} unreferenced)"));
        Row(output, "Environments", Count(s.Environments));
        Row(output, "References", Count(s.References));
        Row(output, "Cache size", Size(s.CacheBytes));
        Row(output, "Referenced", Size(s.ReferencedBytes));
        Row(output, "Reclaimable now", Size(s.ReclaimableBytes));
        if (r.Reclaim is { Items.Count: > 0 } reclaim)
            foreach (var (category, bytes) in reclaim.BytesByCategory.Where(c => c.Value > 0))
                Row(output, ShortLabel(category), Line($"{Size(bytes)} ({Count(reclaim.Items.Count(i => i.Category == category))}; uv cache prune removes them too)"));
        Row(output, "Pins", Line($"{Count(r.Pins)} (kept by a plain `uv cache prune`)"));
        Row(output, "Last scan", format.Ago(s.LastScanAt));
        Row(output, "Last gc", format.Ago(s.LastGcAt));

        if (r.Roots.Count == 0)
        {
            output.WriteLine("No roots registered: gc refuses to run; add one with `gctool roots add PATH`.");
            return;
        }
        var added = r.Roots.Select(root => format.Ago(root.AddedAt)).ToList();
        var scanned = r.Roots.Select(root => format.Ago(root.LastScanAt)).ToList();
        var addedWidth = Math.Max("Added".Length, added.Max(a => a.Length));
        var scannedWidth = Math.Max("Last scan".Length, scanned.Max(a => a.Length));
        output.WriteLine($"{"Added".PadRight(addedWidth)}  {"Last scan".PadRight(scannedWidth)}  Root");
        for (var i = 0; i < r.Roots.Count; i++)
            output.WriteLine($"{added[i].PadRight(addedWidth)}  {scanned[i].PadRight(scannedWidth)}  {Escape(r.Roots[i].Path.Value)}");
        output.Flush();
    }

    private static string ShortLabel(Core.Reclaim.ReclaimCategory category) => category switch
    {
        Core.Reclaim.ReclaimCategory.StaleBucket => "+ stale buckets",
        Core.Reclaim.ReclaimCategory.StagingLeftover => "+ staging dirs",
        _ => "+ old revisions",
    };

    private static void Row(TextWriter output, string label, string value) =>
        output.WriteLine(label.PadRight(LabelWidth) + Escape(value));
}
