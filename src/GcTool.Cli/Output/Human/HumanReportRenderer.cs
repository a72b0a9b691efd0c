using System.Diagnostics;
using Spectre.Console;
using static GcTool.Cli.Output.TerminalText;

namespace GcTool.Cli.Output.Human;

/// <summary>Tables for people, on stdout. Relative times are computed from the <c>now</c> given here.</summary>
/// <param name="log">When stdout is not a terminal: where <c>gc</c> writes its one-line-per-entry log form
/// (<see cref="Log.GcLogRenderer"/>) instead of a table, and whether <c>--quiet</c> keeps only the summary.</param>
internal sealed class HumanReportRenderer(IAnsiConsole console, HumanFormat format, HumanReportRenderer.LogForm? log = null) : IReportRenderer
{
    /// <summary>stdout is a log, not a screen: <paramref name="Stdout"/> takes whole lines.</summary>
    public sealed record LogForm(TextWriter Stdout, bool Quiet);

    public void Render(CommandResult result)
    {
        switch (result)
        {
            case ScanResult r: ScanHumanRenderer.Render(console, r.Report, format); break;
            case GcResult r when log is not null: Log.GcLogRenderer.Render(log.Stdout, r.Report, log.Quiet); break;
            case GcResult r: GcHumanRenderer.Render(console, r.Report, format); break;
            case GcListingResult r: OpsHumanRenderer.Render(console, r.Listing); break;
            case ExplainResult r: OpsHumanRenderer.Render(console, r.Explanation, format); break;
            case ExplainPathResult r: OpsHumanRenderer.Render(console, r.Explanation); break;
            case GraphAuditResult r: AuditHumanRenderer.Render(console, r.Audit, format); break;
            case EnvironmentAuditResult r: AuditHumanRenderer.Render(console, r.Audit, format); break;
            case EntryAuditResult r: AuditHumanRenderer.Render(console, r.Audit, format); break;
            case StatusResult r: StatusHumanRenderer.Render(console, r.Report, format); break;
            case DoctorResult r: DoctorHumanRenderer.Render(console, r.Report, format); break;
            case ConfigShowResult r: OpsHumanRenderer.Render(console, r.Config, format); break;
            case PinsRemovedResult r: PinsRemoved(r.Sync); break;
            case HistoryResult r: HistoryHumanRenderer.Render(console, r.Runs, format); break;
            case RootsReport r: RootsHumanRenderer.Render(console, r, format); break;
            case RootChangeReport r: RootsHumanRenderer.Render(console, r); break;
            case HostsReport r: HostsHumanRenderer.Render(console, r, format); break;
            case HostRetireReport r: HostsHumanRenderer.Render(console, r); break;
            case ReportWritten r: ReportWritten(r); break;
            case DemoResult r: console.WriteLine(Line($"Open {r.Report} in a browser. Remove the demo with: rm -rf {r.Directory}"), Style.Plain); break;
            default: throw new UnreachableException($"no human form for {result.GetType().Name}");
        }
    }

    private void ReportWritten(ReportWritten written)
    {
        var report = written.Report;
        console.WriteLine(Line($"Wrote {written.Path} ({HumanFormat.Size(written.FileBytes)})"), Style.Plain);
        console.WriteLine(Line($"  {HumanFormat.Size(report.DiskBytes)} on disk in {HumanFormat.Plural(report.Buckets.Count, "bucket", "buckets")}; ") +
            Line($"{HumanFormat.Plural(report.Statistics.Entries, "entry", "entries")}, {HumanFormat.Plural(report.Statistics.Environments, "environment", "environments")}; ") +
            Line($"{HumanFormat.Size(report.Statistics.ReclaimableBytes)} reclaimable now"), Style.Plain);
    }

    private void PinsRemoved(Core.Pins.PinSync result)
    {
        var failed = result.Failed > 0 ? $"; {HumanFormat.Plural(result.Failed, "pin", "pins")} could not be removed" : "";
        console.WriteLine(Line($"Removed {HumanFormat.Plural(result.Removed, "pin", "pins")}{failed}."), Style.Plain);
    }
}
