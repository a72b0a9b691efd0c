using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using GcTool.Core.Platform;

namespace GcTool.Cli.Output.Json;

/// <summary>
/// Writes every JSON string so that a path with bytes that are not valid UTF-8 survives: each such byte
/// 0xNN (held as an <see cref="OsPath"/> escape) is written as the escaped lone surrogate <c>\udcNN</c>,
/// exactly as Python's <c>json.dumps</c> writes a <c>surrogateescape</c> string, so
/// <c>os.fsencode(json.loads(text)["path"])</c> gives back the file's exact bytes.
/// </summary>
/// <remarks>
/// System.Text.Json would write U+FFFD instead (lossy: the path would name another file, or none). Text
/// without such bytes takes the ordinary writer. JSON allows any <c>\uXXXX</c> escape; readers that refuse
/// lone surrogates (System.Text.Json itself, jq) see them as invalid rather than as another valid path.
/// </remarks>
internal sealed class OsTextJsonConverter(JavaScriptEncoder encoder) : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString()!;

    /// <summary>Dictionary keys are gctool's own words (reasons, kinds), never paths: written as usual.</summary>
    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        if (!OsPath.HasEscapedBytes(value))
        {
            writer.WriteStringValue(value);
            return;
        }
        var literal = new StringBuilder(value.Length + 16).Append('"');
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (!OsPath.TryGetEscapedByte(value, i, out var raw)) continue;
            literal.Append(JsonEncodedText.Encode(value.AsSpan(start, i - start), encoder).Value);
            literal.Append(CultureInfo.InvariantCulture, $"\\udc{raw:x2}");
            start = i + 1;
        }
        literal.Append(JsonEncodedText.Encode(value.AsSpan(start), encoder).Value).Append('"');
        writer.WriteRawValue(literal.ToString(), skipInputValidation: true);
    }
}
