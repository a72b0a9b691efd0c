using System.Diagnostics;
using System.Text.Json.Serialization.Metadata;
using GcTool.Cli.ErrorHandling;
using GcTool.Core.Errors;

namespace GcTool.Cli.Output.Json;

/// <summary>
/// <c>--json</c>: exactly one JSON object on stdout per command, the result's or, when the command
/// failed before printing one, <c>{"error": {...}}</c>.
/// </summary>
internal sealed class JsonReportRenderer(TextWriter stdout) : IReportRenderer
{
    private static readonly GcToolJsonContext Json = GcToolJsonContext.Output;

    /// <summary>True once an object was written; the error reporter then leaves stdout alone.</summary>
    public bool HasWritten { get; private set; }

    public void Render(CommandResult result)
    {
        switch (result)
        {
            case ScanResult r: Write(JsonMapper.Scan(r.Report), Json.ScanJson); break;
            case GcResult r: Write(JsonMapper.Gc(r.Report), Json.GcJson); break;
            case GcListingResult r: Write(OpsJsonMapper.Listing(r.Listing), Json.GcListingJson); break;
            case ExplainResult r: Write(OpsJsonMapper.Explain(r.Explanation), Json.ExplainJson); break;
            case ExplainPathResult r: Write(OpsJsonMapper.ExplainPath(r.Explanation), Json.ExplainPathJson); break;
            case GraphAuditResult r: Write(JsonMapper.GraphAudit(r.Audit), Json.GraphAuditJson); break;
            case EnvironmentAuditResult r: Write(JsonMapper.EnvironmentAudit(r.Audit), Json.EnvironmentAuditJson); break;
            case EntryAuditResult r: Write(JsonMapper.EntryAudit(r.Audit), Json.EntryAuditJson); break;
            case StatusResult r: Write(JsonMapper.Status(r.Report), Json.StatusJson); break;
            case DoctorResult r: Write(OpsJsonMapper.Doctor(r.Report), Json.DoctorJson); break;
            case ConfigShowResult r: Write(OpsJsonMapper.ConfigShow(r.Config), Json.ConfigShowJson); break;
            case PinsRemovedResult r: Write(new PinsRemovedJson(r.Sync.Removed, r.Sync.Failed), Json.PinsRemovedJson); break;
            case HistoryResult r: Write(OpsJsonMapper.History(r.Runs), Json.HistoryJson); break;
            case RootsReport r: Write(JsonMapper.Roots(r), Json.RootsJson); break;
            case RootChangeReport r: Write(JsonMapper.RootChange(r), Json.RootChangeJson); break;
            case HostsReport r: Write(JsonMapper.Hosts(r), Json.HostsJson); break;
            case HostRetireReport r: Write(new HostRetireJson(r.HostId, r.Changed), Json.HostRetireJson); break;
            case ReportWritten r: Write(new ReportWrittenJson(r.Path, r.FileBytes, r.Report.DiskBytes,
                r.Report.Statistics.ReclaimableBytes, r.Report.Statistics.Entries, r.Report.Statistics.Environments), Json.ReportWrittenJson); break;
            default: throw new UnreachableException($"no JSON form for {result.GetType().Name}");
        }
    }

    public void Error(ExitCode code, string message) =>
        Write(new ErrorJson(new ErrorDetailJson(ExitCodes.Name(code), (int)code, message)), Json.ErrorJson);

    private void Write<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        if (HasWritten) throw new InvalidOperationException("a command printed two JSON objects; --json promises exactly one");
        stdout.Write(System.Text.Json.JsonSerializer.Serialize(value, typeInfo));
        stdout.Write('\n');
        stdout.Flush();
        HasWritten = true;
    }
}
