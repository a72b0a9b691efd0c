using GcTool.Core;

namespace GcTool.Cli.Output;

/// <summary>How verbose gctool is on stderr.</summary>
internal enum Verbosity
{
    Quiet,
    Normal,
    Verbose,
}

/// <summary>
/// The core's messages for the operator, on stderr so stdout stays the report (or the one JSON
/// object). Info is hidden by <c>--quiet</c>; verbose lines appear only with <c>--verbose</c>;
/// warnings always appear.
/// </summary>
internal sealed class StderrOperatorLog(TextWriter stderr, Verbosity verbosity) : IOperatorLog
{
    private readonly Lock _gate = new();

    /// <summary>While set, lines go through the progress display (printed above the bars) instead of straight to stderr.</summary>
    public Human.TerminalProgress? Progress { get; set; }

    public void Info(string message)
    {
        if (verbosity != Verbosity.Quiet) Write(message);
    }

    public void Warn(string message) => Write($"gctool: warning: {message}");

    public void Verbose(string message)
    {
        if (verbosity == Verbosity.Verbose) Write($"gctool: debug: {message}");
    }

    // The core may log from worker threads (parallel scans); keep lines whole.
    private void Write(string line)
    {
        // Messages quote paths users named: escape control characters so each message stays one line,
        // prints no terminal sequences, and under systemd cannot start a forged "<3>gctool: error:" line.
        line = TerminalText.Escape(line);
        lock (_gate)
        {
            if (Progress is { } progress) progress.WriteLine(line);
            else stderr.WriteLine(line);
        }
    }
}
