using GcTool.Core.Audit;
using GcTool.Core.Collection;
using GcTool.Core.Scanning;

namespace GcTool.Cli.Output;

/// <summary>
/// Writes one command's result on stdout: as tables (<see cref="Human.HumanReportRenderer"/>) or as one
/// JSON object (<see cref="Json.JsonReportRenderer"/>). Commands hand over the core's report unchanged.
/// </summary>
internal partial interface IReportRenderer
{
    void Scan(ScanReport report);
    void Roots(RootsReport report);
    void RootChange(RootChangeReport report);
    void Gc(GcReport report);
    void EnvironmentAudit(EnvironmentAudit audit);
    void EntryAudit(EntryAudit audit);
    void GraphAudit(GraphAudit audit);
    void Status(StatusReport report);
}
