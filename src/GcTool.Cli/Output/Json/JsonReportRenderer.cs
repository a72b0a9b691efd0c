using System.Text.Json.Serialization.Metadata;
using GcTool.Cli.ErrorHandling;
using GcTool.Core.Audit;
using GcTool.Core.Collection;
using GcTool.Core.Errors;
using GcTool.Core.Scanning;

namespace GcTool.Cli.Output.Json;

/// <summary>
/// <c>--json</c>: exactly one JSON object on stdout per command, the report's or, when the command
/// failed before printing one, <c>{"error": {...}}</c>.
/// </summary>
internal sealed partial class JsonReportRenderer(TextWriter stdout) : IReportRenderer
{
    private static readonly GcToolJsonContext Json = GcToolJsonContext.Output;

    /// <summary>True once an object was written; the error reporter then leaves stdout alone.</summary>
    public bool HasWritten { get; private set; }

    public void Scan(ScanReport report) => Write(JsonMapper.Scan(report), Json.ScanJson);
    public void Roots(RootsReport report) => Write(JsonMapper.Roots(report), Json.RootsJson);
    public void RootChange(RootChangeReport report) => Write(JsonMapper.RootChange(report), Json.RootChangeJson);
    public void Gc(GcReport report) => Write(JsonMapper.Gc(report), Json.GcJson);
    public void EnvironmentAudit(EnvironmentAudit audit) => Write(JsonMapper.EnvironmentAudit(audit), Json.EnvironmentAuditJson);
    public void EntryAudit(EntryAudit audit) => Write(JsonMapper.EntryAudit(audit), Json.EntryAuditJson);
    public void GraphAudit(GraphAudit audit) => Write(JsonMapper.GraphAudit(audit), Json.GraphAuditJson);
    public void Status(StatusReport report) => Write(JsonMapper.Status(report), Json.StatusJson);

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
