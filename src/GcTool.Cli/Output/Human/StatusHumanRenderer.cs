using GcTool.Core.Audit;
using Spectre.Console;
using static GcTool.Cli.Output.Human.HumanFormat;
using static GcTool.Cli.Output.TerminalText;

namespace GcTool.Cli.Output.Human;

/// <summary><c>status</c>: what the database knows about the cache, and when it last looked.</summary>
internal static class StatusHumanRenderer
{
    public static void Render(IAnsiConsole console, StatusReport r, HumanFormat format)
    {
        var s = r.Statistics;
        var table = format.Table(Column(""), Column("Value"));
        table.HideHeaders();
        table.AddRow(Cell("Cache"), Cell(r.CacheRoot));
        table.AddRow(Cell("Database"), Cell(r.Database));
        table.AddRow(Cell("Entries"), Cell(Line($"{Count(s.Entries)} ({Count(s.UnreferencedEntries)} unreferenced)")));
        table.AddRow(Cell("Environments"), Cell(Count(s.Environments)));
        table.AddRow(Cell("References"), Cell(Count(s.References)));
        table.AddRow(Cell("Cache size"), Cell(Size(s.CacheBytes)));
        table.AddRow(Cell("Referenced"), Cell(Size(s.ReferencedBytes)));
        table.AddRow(Cell("Reclaimable now"), Cell(Size(s.ReclaimableBytes)));
        table.AddRow(Cell("Pins"), Cell(Line($"{Count(r.Pins)} (kept by a plain `uv cache prune`)")));
        table.AddRow(Cell("Last scan"), Cell(format.Ago(s.LastScanAt)));
        table.AddRow(Cell("Last gc"), Cell(format.Ago(s.LastGcAt)));
        console.Write(table);

        if (r.Roots.Count == 0)
        {
            console.WriteLine("No roots registered: gc refuses to run until you add one (`gctool roots add PATH`).");
            return;
        }
        console.Write(RootsHumanRenderer.Table(r.Roots, format));
    }
}
