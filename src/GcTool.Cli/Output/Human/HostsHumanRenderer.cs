using Spectre.Console;
using static GcTool.Cli.Output.Human.HumanFormat;
using static GcTool.Cli.Output.TerminalText;

namespace GcTool.Cli.Output.Human;

/// <summary><c>hosts list|retire</c>.</summary>
internal static class HostsHumanRenderer
{
    public static void Render(IAnsiConsole console, HostsReport report, HumanFormat format)
    {
        if (report.Hosts.Count == 0)
        {
            console.WriteLine("No host has scanned into this database yet; `gctool scan` records this one.");
            return;
        }
        var table = format.Table(Column("Host"), Column("First seen"), Column("Last scan"), Column("State"));
        foreach (var host in report.Hosts)
        {
            var state = host.RetiredAt is { } retired ? Line($"retired {format.Ago(retired)}") : host.HostId == report.ThisHost ? "active (this host)" : "active";
            table.AddRow(Cell(host.HostId), Cell(format.Ago(host.FirstSeenAt)), Cell(format.Ago(host.LastScanAt)), Cell(state));
        }
        console.Write(table);
    }

    public static void Render(IAnsiConsole console, HostRetireReport report) =>
        console.Write(new Text((report.Changed
            ? Line($"Retired host {report.HostId}: its roots and environments are forgotten, and it no longer holds up deletions.")
            : Line($"Host {report.HostId} is not an active host; nothing changed.")) + "\n"));
}
