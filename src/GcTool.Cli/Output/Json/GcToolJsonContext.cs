using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GcTool.Cli.Output.Json;

/// <summary>Source-generated serialization of the JSON shapes (no reflection; trimming-safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ErrorJson))]
[JsonSerializable(typeof(ScanJson))]
[JsonSerializable(typeof(RootsJson))]
[JsonSerializable(typeof(RootChangeJson))]
[JsonSerializable(typeof(GcJson))]
[JsonSerializable(typeof(EnvironmentAuditJson))]
[JsonSerializable(typeof(EntryAuditJson))]
[JsonSerializable(typeof(GraphAuditJson))]
[JsonSerializable(typeof(StatusJson))]
[JsonSerializable(typeof(HostsJson))]
[JsonSerializable(typeof(HostRetireJson))]
[JsonSerializable(typeof(GcListingJson))]
[JsonSerializable(typeof(ExplainJson))]
[JsonSerializable(typeof(ExplainPathJson))]
[JsonSerializable(typeof(ConfigShowJson))]
[JsonSerializable(typeof(DoctorJson))]
[JsonSerializable(typeof(PinsRemovedJson))]
[JsonSerializable(typeof(HistoryJson))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(ReportWrittenJson))]
internal sealed partial class GcToolJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context gctool prints with: as the attribute says, plus '\n' line ends on every platform and
    /// no HTML-oriented escaping ('+' in "1.0+local" stays '+'; the output is never embedded in HTML), and
    /// paths whose bytes are not valid UTF-8 written losslessly (<see cref="OsTextJsonConverter"/>).
    /// </summary>
    public static GcToolJsonContext Output { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NewLine = "\n",
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new OsTextJsonConverter(JavaScriptEncoder.UnsafeRelaxedJsonEscaping) },
    });
}
