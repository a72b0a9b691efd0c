using System.Text;

namespace GcTool.Cli.Output;

/// <summary>
/// stderr for a systemd service: each line gets the <c>&lt;N&gt;</c> syslog priority prefix that
/// journald strips and stores as the entry's priority, so <c>journalctl -u gctool -p warning</c>
/// shows exactly gctool's warnings and errors. Used only when systemd says stderr is the journal
/// (<c>JOURNAL_STREAM</c> is set); a terminal or a log file never sees the prefixes.
/// </summary>
/// <remarks>
/// The level comes from gctool's own line shapes: <c>gctool: error:</c> → 3 (err),
/// <c>gctool: warning:</c> → 4, <c>gctool: debug:</c> and stack-trace lines → 7, anything else
/// (progress notes such as "waiting for the lock") → 6 (info). A file name cannot choose a level: every line
/// starts with gctool's own <c>&lt;N&gt;</c> (journald reads only the first), and everything that writes to stderr
/// escapes newlines in what it did not write itself (<see cref="TerminalText"/>), so a name holding
/// <c>\n&lt;3&gt;gctool: error:</c> stays inside its own line.
/// </remarks>
internal sealed class JournalLevelWriter(TextWriter inner) : TextWriter
{
    private readonly StringBuilder _line = new();
    private bool _inStackTrace;

    public override Encoding Encoding => inner.Encoding;

    /// <summary>True when systemd connected stderr to the journal (systemd.exec(5), <c>$JOURNAL_STREAM</c>).</summary>
    public static bool IsJournal(Settings.EnvironmentVariables env) => env.IsSet("JOURNAL_STREAM");

    public override void Write(char value)
    {
        if (value == '\n') EmitLine();
        else if (value != '\r') _line.Append(value);
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? "") Write(c);
    }

    public override void Flush()
    {
        if (_line.Length > 0) EmitLine();
        inner.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Flush();
        base.Dispose(disposing);
    }

    private void EmitLine()
    {
        var line = _line.ToString();
        _line.Clear();
        inner.Write($"<{Level(line)}>{line}\n");
    }

    private int Level(string line)
    {
        // Everything after the error line is its stack trace: no line there is classified by its text again.
        if (_inStackTrace) return 7;
        if (line.StartsWith("gctool: error:", StringComparison.Ordinal))
        {
            _inStackTrace = true; // with --verbose the exception follows the error line
            return 3;
        }
        if (line.StartsWith("gctool: warning:", StringComparison.Ordinal)) return 4;
        if (line.StartsWith("gctool: debug:", StringComparison.Ordinal)) return 7;
        return 6;
    }
}
