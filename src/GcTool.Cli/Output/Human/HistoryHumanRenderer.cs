using GcTool.Core.Store;
using Spectre.Console;
using static GcTool.Cli.Output.Human.HumanFormat;

namespace GcTool.Cli.Output.Human;

/// <summary><c>history</c>: one row per gc run, newest first.</summary>
internal static class HistoryHumanRenderer
{
    public static void Render(IAnsiConsole console, IReadOnlyList<GcRunRecord> runs, HumanFormat format)
    {
        if (runs.Count == 0)
        {
            console.WriteLine("No gc has run on this cache yet.");
            return;
        }
        var table = format.Table(NumberColumn("Run"), Column("Started"), Column("Kind"), Column("Status"), NumberColumn("Deleted"),
            NumberColumn("Freed"), NumberColumn("Cache before"), NumberColumn("after"), NumberColumn("Lock held"));
        foreach (var r in runs)
        {
            table.AddRow(
                Cell(Count(r.Id)),
                Cell(format.Ago(r.StartedAt)),
                Cell(r.DryRun ? "dry run" : "gc"),
                Cell(StateNames.ToName(r.Status).Replace('_', ' ')),
                Cell(r.DryRun ? "-" : Count(r.EntriesDeleted)),
                Cell(r.DryRun ? "-" : Size(r.BytesFreed)),
                Cell(Size(r.CacheBytesBefore)),
                Cell(Size(r.CacheBytesAfter)),
                Cell(r.DryRun ? "-" : Duration(TimeSpan.FromMilliseconds(r.LockHeldMs))));
        }
        console.Write(table);
    }
}
