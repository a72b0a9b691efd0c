using GcTool.Core.Collection;
using GcTool.Core.Errors;

namespace GcTool.Cli.ErrorHandling;

/// <summary>
/// The one place that decides gctool's exit code, from an exception or from a finished command's
/// result. The numbers are <see cref="ExitCode"/>'s and are documented in README.md.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The exit code for an exception that ended a command.</summary>
    public static ExitCode For(Exception exception) => Unwrap(exception) switch
    {
        GcToolException e => e.ExitCode,          // usage 2, lock timeout 3, safety refusal 4, failure 1
        OperationCanceledException => ExitCode.Interrupted,
        _ => ExitCode.Failure,
    };

    /// <summary>gc finished; some entries could not be deleted (the rest went): 5.</summary>
    public static ExitCode For(GcReport report) => report.Failures > 0 ? ExitCode.PartialFailure : ExitCode.Ok;

    /// <summary>A command returned normally, but SIGINT/SIGTERM arrived meanwhile: it still counts as interrupted.</summary>
    public static ExitCode Finished(ExitCode result, CancellationToken cancellation) =>
        cancellation.IsCancellationRequested && result == ExitCode.Ok ? ExitCode.Interrupted : result;

    /// <summary>The stable snake_case name of an exit code, used as <c>error.kind</c> in JSON.</summary>
    public static string Name(ExitCode code) => code switch
    {
        ExitCode.Ok => "ok",
        ExitCode.Failure => "failure",
        ExitCode.Usage => "usage",
        ExitCode.LockTimeout => "lock_timeout",
        ExitCode.SafetyRefusal => "safety_refusal",
        ExitCode.PartialFailure => "partial_failure",
        ExitCode.Interrupted => "interrupted",
        _ => "failure",
    };

    /// <summary>AggregateException with one inner exception (from tasks) is reported as that exception.</summary>
    public static Exception Unwrap(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : exception;
}
