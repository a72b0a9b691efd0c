using GcTool.Core.Audit;
using GcTool.Core.Collection;
using GcTool.Core.Scanning;
using Spectre.Console;

namespace GcTool.Cli.Output.Human;

/// <summary>Tables for people, on stdout. Relative times are computed from the <c>now</c> given here.</summary>
internal sealed partial class HumanReportRenderer(IAnsiConsole console, HumanFormat format) : IReportRenderer
{
    public void Scan(ScanReport report) => ScanHumanRenderer.Render(console, report, format);
    public void Roots(RootsReport report) => RootsHumanRenderer.Render(console, report, format);
    public void RootChange(RootChangeReport report) => RootsHumanRenderer.Render(console, report);
    public void Gc(GcReport report) => GcHumanRenderer.Render(console, report, format);
    public void EnvironmentAudit(EnvironmentAudit audit) => AuditHumanRenderer.Render(console, audit, format);
    public void EntryAudit(EntryAudit audit) => AuditHumanRenderer.Render(console, audit, format);
    public void GraphAudit(GraphAudit audit) => AuditHumanRenderer.Render(console, audit, format);
    public void Status(StatusReport report) => StatusHumanRenderer.Render(console, report, format);
}
