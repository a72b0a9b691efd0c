using GcTool.Core.Audit;
using GcTool.Core.Collection;
using GcTool.Core.Scanning;
using Spectre.Console;
using static GcTool.Cli.Output.TerminalText;

namespace GcTool.Cli.Output.Human;

/// <summary>Tables for people, on stdout. Relative times are computed from the <c>now</c> given here.</summary>
/// <param name="log">When stdout is not a terminal: where <c>gc</c> writes its one-line-per-entry log form
/// (<see cref="Log.GcLogRenderer"/>) instead of a table, and whether <c>--quiet</c> keeps only the summary.</param>
internal sealed partial class HumanReportRenderer(IAnsiConsole console, HumanFormat format, HumanReportRenderer.LogForm? log = null) : IReportRenderer
{
    /// <summary>stdout is a log, not a screen: <paramref name="Stdout"/> takes whole lines.</summary>
    public sealed record LogForm(TextWriter Stdout, bool Quiet);

    public void Scan(ScanReport report) => ScanHumanRenderer.Render(console, report, format);
    public void Roots(RootsReport report) => RootsHumanRenderer.Render(console, report, format);
    public void RootChange(RootChangeReport report) => RootsHumanRenderer.Render(console, report);
    public void Gc(GcReport report)
    {
        if (log is null) GcHumanRenderer.Render(console, report, format);
        else Log.GcLogRenderer.Render(log.Stdout, report, log.Quiet);
    }
    public void EnvironmentAudit(EnvironmentAudit audit) => AuditHumanRenderer.Render(console, audit, format);
    public void EntryAudit(EntryAudit audit) => AuditHumanRenderer.Render(console, audit, format);
    public void GraphAudit(GraphAudit audit) => AuditHumanRenderer.Render(console, audit, format);
    public void Status(StatusReport report) => StatusHumanRenderer.Render(console, report, format);

    public void ReportWritten(ReportWritten written)
    {
        var report = written.Report;
        console.WriteLine(Line($"Wrote {written.Path} ({HumanFormat.Size(written.FileBytes)})"), Style.Plain);
        console.WriteLine(Line($"  {HumanFormat.Size(report.DiskBytes)} on disk in {HumanFormat.Plural(report.Buckets.Count, "bucket", "buckets")}; ") +
            Line($"{HumanFormat.Plural(report.Statistics.Entries, "entry", "entries")}, {HumanFormat.Plural(report.Statistics.Environments, "environment", "environments")}; ") +
            Line($"{HumanFormat.Size(report.Statistics.ReclaimableBytes)} reclaimable now"), Style.Plain);
    }
    public void Hosts(HostsReport report) => HostsHumanRenderer.Render(console, report, format);
    public void HostRetire(HostRetireReport report) => HostsHumanRenderer.Render(console, report);
}
