using GcTool.Core.Audit;
using GcTool.Core.Environments;
using Spectre.Console;
using static GcTool.Cli.Output.Human.HumanFormat;
using static GcTool.Cli.Output.TerminalText;

namespace GcTool.Cli.Output.Human;

/// <summary><c>audit env</c>, <c>audit entry</c> and <c>audit</c>: who uses what, as of the last scan.</summary>
internal static class AuditHumanRenderer
{
    public static void Render(IAnsiConsole console, EnvironmentAudit a, HumanFormat format)
    {
        var env = a.Environment;
        var python = env.PythonVersion is { } v ? Line($", Python {v}") : "";
        console.Write(new Text(Line($"Environment {env.Path} ({env.Kind.ToName()}{python}, scanned {format.Ago(env.LastScannedAt)}) uses {Plural(a.Uses.Count, "cache entry", "cache entries")}.\n")));
        if (a.Uses.Count == 0) return;

        var table = format.Table(Column("Entry").NoWrap(), Column("Package"), Column("Version"), Column("Link"), NumberColumn("Files"), NumberColumn("Size"));
        foreach (var use in a.Uses)
        {
            table.AddRow(
                Cell(Entry(use.Entry)),
                Cell(OrDash(use.DistName)),
                Cell(OrDash(use.DistVersion)),
                Cell(use.Mode.ToName()),
                Cell(Count(use.FileCount)),
                use.EntryExists ? Cell(Size(use.EntryBytes)) : Cell("missing", new Style(Color.Red)));
        }
        console.Write(table);
        if (a.Uses.Any(u => !u.EntryExists))
            console.WriteLine("Entries marked missing are gone from the cache: that environment has broken links; reinstall it.");
    }

    public static void Render(IAnsiConsole console, EntryAudit a, HumanFormat format)
    {
        if (a.Entry is { } e)
        {
            var what = e.DistName is null ? "" : Line($"{e.DistName} {e.DistVersion}").TrimEnd() + ", ";
            console.Write(new Text(
                Line($"Entry {e.Key} ({what}{Size(e.Bytes)}, {Plural(e.FileCount, "file", "files")}, last referenced {format.Ago(e.LastReferencedAt)}) ") +
                Line($"is used by {Plural(a.Users.Count, "environment", "environments")}.\n")));
        }
        else
        {
            console.Write(new Text(Line($"Entry {a.Id} is not in the cache (as of the last scan); {Plural(a.Users.Count, "environment still links", "environments still link")} to it.\n")));
        }
        if (a.Users.Count == 0) return;

        var table = format.Table(Column("Environment"), Column("Kind"), Column("Link"), NumberColumn("Files"), Column("Scanned"));
        foreach (var user in a.Users)
            table.AddRow(Cell(user.Environment.Value), Cell(user.Kind.ToName()), Cell(user.Mode.ToName()), Cell(Count(user.FileCount)), Cell(format.Ago(user.LastScannedAt)));
        console.Write(table);
    }

    public static void Render(IAnsiConsole console, GraphAudit a, HumanFormat format)
    {
        console.WriteLine(Line($"{Plural(a.Environments, "environment", "environments")}, {Plural(a.Entries, "cache entry", "cache entries")}, {Plural(a.Edges.Count, "reference", "references")}."));
        if (a.Edges.Count == 0) return;

        var table = format.Table(Column("Environment"), Column("Entry").NoWrap(), Column("Link"), NumberColumn("Files"));
        string? previous = null;
        foreach (var edge in a.Edges)
        {
            var env = edge.Environment.Value;
            table.AddRow(Cell(env == previous ? "" : env), Cell(Entry(edge.Entry)), Cell(edge.Mode.ToName()), Cell(Count(edge.FileCount)));
            previous = env;
        }
        console.Write(table);
    }
}
