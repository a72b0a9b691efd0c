using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using GcTool.Core.Platform;

namespace GcTool.Cli.Output;

/// <summary>
/// The one place human output makes text from the file system safe to print. Users choose file names,
/// and a name holding ESC sequences would clear the operator's screen or retitle the terminal; one holding
/// a newline would forge a line (a journal <c>&lt;3&gt;</c> error under systemd). Control characters — C0,
/// DEL, C1, and so newline and CR — become visible escapes (<c>\x1b</c>, <c>\n</c>), and so does each byte of
/// a name that is not valid UTF-8 (held as an <see cref="OsPath"/> escape): <c>\xff</c>, as <c>ls -b</c> shows
/// it. JSON output does not come here: its own escaping is exact (see <c>OsTextJsonConverter</c>).
/// </summary>
internal static class TerminalText
{
    /// <summary><paramref name="text"/> with every control character written as an escape; unchanged when it has none.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var i = 0;
        while (i < text.Length && !IsControl(text[i]) && !char.IsSurrogate(text[i])) i++;
        if (i == text.Length) return text;
        var escaped = new StringBuilder(text.Length + 8).Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (OsPath.TryGetEscapedByte(text, i, out var raw)) escaped.Append(CultureInfo.InvariantCulture, $"\\x{raw:x2}");
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) escaped.Append(c).Append(text[++i]);
            else if (char.IsSurrogate(c)) escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else if (!IsControl(c)) escaped.Append(c);
            else escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c <= 0xff ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}") : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
            });
        }
        return escaped.ToString();
    }

    /// <summary>
    /// An interpolated line whose holes (paths, names, errors) are escaped and whose literal parts (gctool's
    /// own wording, including its "\n") are not: <c>Line($"Entry {path}.\n")</c>.
    /// </summary>
    public static string Line(ref EscapedInterpolation text) => text.ToStringAndClear();

    // C0 controls, DEL and C1 controls; plus the Unicode line/paragraph separators some terminals honour.
    private static bool IsControl(char c) => c < 0x20 || (c >= 0x7f && c <= 0x9f) || c is '\u2028' or '\u2029';
}

/// <summary>Builds <see cref="TerminalText.Line"/>: literals as written, every formatted value through <see cref="TerminalText.Escape"/>.</summary>
[InterpolatedStringHandler]
internal ref struct EscapedInterpolation
{
    private readonly StringBuilder _text;

    public EscapedInterpolation(int literalLength, int formattedCount) => _text = new StringBuilder(literalLength + formattedCount * 16);

    public readonly void AppendLiteral(string value) => _text.Append(value);

    public readonly void AppendFormatted<T>(T value) => AppendFormatted(value, 0, null);

    public readonly void AppendFormatted<T>(T value, string? format) => AppendFormatted(value, 0, format);

    public readonly void AppendFormatted<T>(T value, int alignment) => AppendFormatted(value, alignment, null);

    public readonly void AppendFormatted<T>(T value, int alignment, string? format)
    {
        var text = value is IFormattable f ? f.ToString(format, CultureInfo.InvariantCulture) : value?.ToString();
        var escaped = TerminalText.Escape(text);
        if (alignment > 0) escaped = escaped.PadLeft(alignment);
        else if (alignment < 0) escaped = escaped.PadRight(-alignment);
        _text.Append(escaped);
    }

    public readonly string ToStringAndClear()
    {
        var result = _text.ToString();
        _text.Clear();
        return result;
    }
}
