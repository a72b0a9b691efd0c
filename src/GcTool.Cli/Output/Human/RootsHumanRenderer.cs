using Spectre.Console;
using static GcTool.Cli.Output.Human.HumanFormat;
using static GcTool.Cli.Output.TerminalText;

namespace GcTool.Cli.Output.Human;

/// <summary><c>roots list|add|remove</c>.</summary>
internal static class RootsHumanRenderer
{
    public static void Render(IAnsiConsole console, RootsReport report, HumanFormat format)
    {
        if (report.Roots.Count == 0)
        {
            console.WriteLine("No roots registered; add one with `gctool roots add PATH` or `gctool scan PATH`.");
            return;
        }
        console.Write(Table(report.Roots, format));
    }

    public static Table Table(IReadOnlyList<GcTool.Core.Store.RegisteredRoot> roots, HumanFormat format)
    {
        var table = format.Table(Column("Root"), Column("Added"), Column("Last scan"));
        foreach (var root in roots)
            table.AddRow(Cell(root.Implicit ? root.Path.Value + " (implicit)" : root.Path.Value), Cell(format.Ago(root.AddedAt)), Cell(format.Ago(root.LastScanAt)));
        return table;
    }

    public static void Render(IAnsiConsole console, RootChangeReport report)
    {
        var root = report.Root.Value;
        var line = (report.Action, report.Changed) switch
        {
            (RootChangeAction.Add, true) => Line($"Registered root {root}; run `gctool scan` to record its environments."),
            (RootChangeAction.Add, false) => Line($"Root {root} was already registered."),
            (RootChangeAction.Remove, true) => Line($"Removed root {root} and the environments recorded under it."),
            (RootChangeAction.Remove, false) => Line($"Root {root} was not registered; nothing changed."),
            _ => throw new ArgumentOutOfRangeException(nameof(report)),
        };
        console.Write(new Text(line + "\n"));
    }
}
