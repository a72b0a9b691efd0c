using GcTool.Core.Doctor;
using Spectre.Console;
using static GcTool.Cli.Output.Human.HumanFormat;
using static GcTool.Cli.Output.TerminalText;

namespace GcTool.Cli.Output.Human;

/// <summary><c>doctor</c>: per broken environment, the distributions with dangling links and the repair command.</summary>
internal static class DoctorHumanRenderer
{
    private const int ListedFiles = 5;

    public static void Render(IAnsiConsole console, DoctorReport r, HumanFormat format)
    {
        var broken = r.Broken.Count == 0 ? "none broken" : Line($"{Count(r.Broken.Count)} broken");
        console.Write(new Text(Line($"Checked {Plural(r.EnvironmentsChecked, "environment", "environments")} under {Plural(r.Roots.Count, "root", "roots")}: {broken}.\n")));
        foreach (var d in r.Broken)
        {
            console.WriteLine();
            console.Profile.Out.Writer.Write(Line($"{d.Environment}: {Plural(d.DanglingLinks, "link", "links")} into the uv cache dangle.\n"));
            if (d.Distributions.Count > 0)
            {
                var table = format.Table(Column("Distribution"), Column("Version"), NumberColumn("Files"), Column("Missing entry"));
                foreach (var dist in d.Distributions)
                    table.AddRow(Cell(dist.Name), Cell(OrDash(dist.Version)), Cell(Count(dist.DanglingFiles.Count)), Cell(string.Join(" ", dist.MissingEntries)));
                console.Write(table);
            }
            if (d.UnattributedFiles.Count > 0)
            {
                var shown = string.Join(", ", d.UnattributedFiles.Take(ListedFiles));
                var more = d.UnattributedFiles.Count > ListedFiles ? Line($", and {Count(d.UnattributedFiles.Count - ListedFiles)} more") : "";
                console.Write(new Text(Line($"{Plural(d.UnattributedFiles.Count, "file belongs", "files belong")} to no known distribution: {shown}{more}.\n")));
            }
            // Never wrapped, so it can be pasted into a shell whatever the width.
            console.Profile.Out.Writer.Write(Line($"Repair: {d.RepairCommand}\n"));
        }
        if (r.Broken.Count > 0)
            console.WriteLine("\nThese environments were broken before gctool ran (by `uv cache prune` or `uv cache clean`); gctool never deletes an entry a scanned environment uses.");
        ScanHumanRenderer.WriteSkipped(console, r.Skipped, format);
    }
}
