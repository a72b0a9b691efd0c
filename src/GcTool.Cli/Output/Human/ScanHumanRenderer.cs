using GcTool.Core.Scanning;
using Spectre.Console;
using static GcTool.Cli.Output.Human.HumanFormat;
using static GcTool.Cli.Output.TerminalText;

namespace GcTool.Cli.Output.Human;

/// <summary><c>scan</c>: what was found, what was re-read, and what could not be read.</summary>
internal static class ScanHumanRenderer
{
    public static void Render(IAnsiConsole console, ScanReport r, HumanFormat format)
    {
        console.WriteLine(Line($"Scanned {Plural(r.Roots.Count, "root", "roots")} in {Duration(r.Elapsed)}."));
        var table = format.Table(Column(""), NumberColumn("Found"), NumberColumn("Re-read"), NumberColumn("Unchanged"), NumberColumn("New"), NumberColumn("Removed"));
        table.AddRow(Cell("Environments"), Cell(Count(r.EnvironmentsFound)), Cell(Count(r.EnvironmentsRescanned)), Cell(Count(r.EnvironmentsUnchanged)), Cell("-"), Cell(Count(r.EnvironmentsRemoved)));
        table.AddRow(Cell("Cache entries"), Cell(Count(r.Entries)), Cell("-"), Cell("-"), Cell(Count(r.EntriesNew)), Cell(Count(r.EntriesRemoved)));
        console.Write(table);
        console.WriteLine(Line($"{Plural(r.References, "reference", "references")} recorded; {Plural(r.FilesRead, "file", "files")} read."));
        WriteSkipped(console, r.Skipped, format);
    }

    public static void WriteSkipped(IAnsiConsole console, IReadOnlyList<SkippedPath> skipped, HumanFormat format)
    {
        if (skipped.Count == 0) return;
        console.WriteLine(Line($"Could not read {Plural(skipped.Count, "path", "paths")} (entries they use are kept only if another environment uses them):"));
        var table = format.Table(Column("Path"), Column("Reason"));
        foreach (var s in skipped) table.AddRow(Cell(s.Path), Cell(s.Reason));
        console.Write(table);
    }
}
