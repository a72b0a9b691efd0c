using GcTool.Cli.Settings;

namespace GcTool.Cli;

/// <summary>
/// gctool as a function: arguments, streams and environment in, exit code out. <see cref="Program"/>
/// calls it with the real process; tests call it in-process.
/// </summary>
public static class GcToolApp
{
    /// <summary>Runs gctool with the real file system, cache lock, store and clock; no cancellation.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, IDictionary<string, string?> environment) =>
        Run(args, stdout, stderr, environment, CancellationToken.None);

    /// <summary>As above; <paramref name="cancellation"/> interrupts scan and gc at a safe point (exit 130).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, IDictionary<string, string?> environment, CancellationToken cancellation) =>
        Run(args, CliHost.Real(stdout, stderr, environment, stdoutIsTerminal: false, cancellation));

    internal static int Run(string[] args, CliHost host) => new CliApplication(host).Run(args);

    /// <summary>The process entry: real streams and environment, SIGINT/SIGTERM wired to cancellation.</summary>
    internal static int RunProcess(string[] args)
    {
        using var signals = new ErrorHandling.TerminationSignals(Console.Error);
        var environment = EnvironmentVariables.ReadProcessEnvironment();
        var env = new EnvironmentVariables(environment);
        var stderr = Output.JournalLevelWriter.IsJournal(env, fd: 2)
            ? new Output.JournalLevelWriter(Console.Error)
            : Console.Error;
        var stdout = Output.JournalLevelWriter.IsJournal(env, fd: 1)
            ? Output.JournalLevelWriter.ForStdout(Console.Out)
            : Console.Out;
        var host = CliHost.Real(stdout, stderr, environment, !Console.IsOutputRedirected, signals.Token) with
        {
            StderrIsTerminal = !Console.IsErrorRedirected,
        };
        return Run(Settings.RawArguments.Recover(args, Settings.RawArguments.ReadProcessCommandLine), host);
    }
}
