using System.Globalization;
using System.Text;

namespace GcTool.Cli.Output.Log;

/// <summary>
/// One line of gctool's log form: a leading word, then <c>key=value</c> pairs (logfmt, as Loki,
/// Vector and <c>journalctl -o cat | grep</c> read it). A value with a space, quote, <c>=</c> or
/// backslash is quoted with <c>\"</c> and <c>\\</c> escaped; control characters are escaped first
/// (<see cref="TerminalText"/>), so a hostile file name can never start a new line.
/// </summary>
internal sealed class LogLine(string word)
{
    private readonly StringBuilder _text = new(word);

    public LogLine Add(string key, string? value)
    {
        _text.Append(' ').Append(key).Append('=').Append(Quote(string.IsNullOrEmpty(value) ? "-" : TerminalText.Escape(value)));
        return this;
    }

    public LogLine Add(string key, long value) => Add(key, value.ToString(CultureInfo.InvariantCulture));

    public LogLine Add(string key, bool value) => Add(key, value ? "true" : "false");

    public override string ToString() => _text.ToString();

    private static string Quote(string value)
    {
        if (value.Length > 0 && !value.Any(c => c is ' ' or '"' or '=' or '\\')) return value;
        return "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }
}
