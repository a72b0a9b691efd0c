using GcTool.Cli.Output.Json;
using GcTool.Core.Errors;

namespace GcTool.Cli.ErrorHandling;

/// <summary>
/// Turns an exception that ended a command into gctool's error output: one line on stderr,
/// <c>gctool: error: &lt;message&gt;</c>, the stack trace only with <c>--verbose</c>, and with
/// <c>--json</c> also <c>{"error": {...}}</c> on stdout when the command printed nothing there yet,
/// so stdout always carries exactly one JSON object.
/// </summary>
internal sealed class ErrorReporter(TextWriter stderr)
{
    public ExitCode Report(Exception exception, bool verbose, JsonReportRenderer? json)
    {
        var inner = ExitCodes.Unwrap(exception);
        var code = ExitCodes.For(inner);
        var message = MessageFor(inner, code);

        // One line whatever the message holds: a path in it must not clear the screen or forge a journal line.
        stderr.WriteLine($"gctool: error: {Output.TerminalText.Escape(message)}");
        if (verbose) stderr.WriteLine(VerboseDetails(exception));
        if (json is { HasWritten: false }) json.Error(code, message);
        return code;
    }

    /// <summary>
    /// The exception chain for <c>--verbose</c>: each exception's type, its message escaped (it may hold a path, and
    /// a newline in it must not start a line of its own), then its stack frames (gctool's code, no user data).
    /// </summary>
    private static string VerboseDetails(Exception exception)
    {
        var details = new System.Text.StringBuilder();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (details.Length > 0) details.Append("\n---> ");
            details.Append(e.GetType().FullName).Append(": ").Append(Output.TerminalText.Escape(e.Message));
            foreach (var frame in (e.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
                details.Append('\n').Append(Output.TerminalText.Escape(frame.TrimEnd('\r')));
        }
        return details.ToString();
    }

    /// <summary>One line: the message the core wrote for GcToolExceptions, newlines folded for anything else.</summary>
    public static string MessageFor(Exception exception, ExitCode code)
    {
        if (code == ExitCode.Interrupted)
            return "interrupted; run the command again to finish (gc resumes where it stopped)";
        var message = string.IsNullOrWhiteSpace(exception.Message) ? exception.GetType().Name : exception.Message;
        return string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
