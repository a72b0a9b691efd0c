using System.Text;

namespace GcTool.Cli.Output;

/// <summary>
/// stderr for a systemd service: each line gets the <c>&lt;N&gt;</c> syslog priority prefix that
/// journald strips and stores as the entry's priority, so <c>journalctl -u gctool -p warning</c>
/// shows exactly gctool's warnings and errors. Used only when systemd says stderr is the journal
/// (<c>JOURNAL_STREAM</c> names its stream; systemd.exec(5)); a terminal or a log file never sees the prefixes.
/// </summary>
/// <remarks>
/// The level comes from gctool's own line shapes: <c>gctool: error:</c> → 3 (err),
/// <c>gctool: warning:</c> → 4, <c>gctool: debug:</c> and stack-trace lines → 7, anything else
/// (progress notes such as "waiting for the lock") → 6 (info). On stdout (<see cref="ForStdout"/>),
/// gc's log lines (<see cref="Log.GcLogRenderer"/>): <c>failed</c> → 4, <c>summary</c> → 5 (notice),
/// anything else → 6. A line is written in one call, so the journal never sees half of one.
/// A file name cannot choose a level: every line
/// starts with gctool's own <c>&lt;N&gt;</c> (journald reads only the first), and everything that writes to stderr
/// escapes newlines in what it did not write itself (<see cref="TerminalText"/>), so a name holding
/// <c>\n&lt;3&gt;gctool: error:</c> stays inside its own line.
/// </remarks>
internal sealed class JournalLevelWriter : TextWriter
{
    private readonly TextWriter inner;
    private readonly bool _stdout;
    private readonly StringBuilder _line = new();
    private bool _inStackTrace;

    /// <summary>stderr: gctool's error, warning and debug lines.</summary>
    public JournalLevelWriter(TextWriter inner) => this.inner = inner;

    private JournalLevelWriter(TextWriter inner, bool stdout)
    {
        this.inner = inner;
        _stdout = stdout;
    }

    /// <summary>stdout: the report, whose gc log lines carry their own levels.</summary>
    public static JournalLevelWriter ForStdout(TextWriter inner) => new(inner, stdout: true);

    public override Encoding Encoding => inner.Encoding;

    /// <summary>
    /// True when file descriptor <paramref name="fd"/> is the journal stream systemd names in
    /// <c>$JOURNAL_STREAM</c> ("device:inode" of the socket): a service whose ExecStart redirects
    /// stdout to a file must not get <c>&lt;N&gt;</c> prefixes in that file.
    /// </summary>
    /// <remarks>
    /// The inode is compared through <c>/proc/self/fd/N</c>, whose link text is <c>socket:[INODE]</c>
    /// for a socket; without /proc the variable alone decides, as it did before.
    /// </remarks>
    public static bool IsJournal(Settings.EnvironmentVariables env, int fd)
    {
        if (env.Get("JOURNAL_STREAM") is not { } stream) return false;
        var colon = stream.IndexOf(':');
        if (colon < 0) return false;
        string? target;
        try
        {
            target = new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
        if (target is null) return !Directory.Exists("/proc/self/fd");
        return target == $"socket:[{stream[(colon + 1)..]}]";
    }

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
        if (_stdout) return StdoutLevel(line);
        if (line.StartsWith("gctool: error:", StringComparison.Ordinal))
        {
            _inStackTrace = true; // with --verbose the exception follows the error line
            return 3;
        }
        if (line.StartsWith("gctool: warning:", StringComparison.Ordinal)) return 4;
        if (line.StartsWith("gctool: debug:", StringComparison.Ordinal)) return 7;
        return 6;
    }

    private static int StdoutLevel(string line)
    {
        if (line.StartsWith("failed ", StringComparison.Ordinal)) return 4;
        if (line.StartsWith("summary ", StringComparison.Ordinal)) return line.Contains(" failed=0 ", StringComparison.Ordinal) ? 5 : 4;
        return 6;
    }
}
