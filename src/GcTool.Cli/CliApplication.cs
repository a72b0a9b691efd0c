using System.CommandLine;
using System.CommandLine.Invocation;
using GcTool.Cli.Commands;
using GcTool.Cli.ErrorHandling;
using GcTool.Cli.Output;
using GcTool.Cli.Output.Human;
using GcTool.Cli.Output.Json;
using GcTool.Core.Errors;

namespace GcTool.Cli;

/// <summary>
/// The command pipeline: parse, report usage errors (exit 2), run one command in a session, and
/// turn any exception into one line on stderr and an exit code (<see cref="ExitCodes"/>).
/// </summary>
internal sealed class CliApplication : ICommandRunner
{
    private readonly CliHost _host;
    private readonly GlobalOptions _globals = new();
    private readonly RootCommand _root;
    private JsonReportRenderer? _json;

    public CliApplication(CliHost host)
    {
        _host = host;
        _root = new RootCommand(Describe.Command(
            "A garbage collector for uv's cache that keeps every entry a virtual environment still links to. `uv cache prune` keeps only the entries the cache itself points at, so it can break environments installed with symlinks; gctool scans your environments first.",
            "gctool scan ~/projects && gctool gc --dry-run"))
        {
            HelpName = "gctool",
        };
        foreach (var option in _globals.All) _root.Add(option);
        _root.Add(ScanCommand.Create(this));
        _root.Add(RootsCommand.Create(this));
        _root.Add(GcCommand.Create(this));
        _root.Add(AuditCommand.Create(this));
        _root.Add(StatusCommand.Create(this));
        _root.Add(HostsCommand.Create(this));
        _root.Add(ExplainCommand.Create(this));
        _root.Add(DoctorCommand.Create(this));
        _root.Add(ConfigCommand.Create(this));
        _root.Add(ReportCommand.Create(this));
        _root.Add(PinsCommand.Create(this));
        _root.Add(HistoryCommand.Create(this));
        _root.Add(DemoCommand.Create(this));
        _root.Add(CompletionCommand.Create(_host.Stdout));
        CommandLineHelp.Configure(_root);
    }

    /// <remarks>
    /// No POSIX bundling and no response files: entry ids may begin with '-' (and any letter after
    /// it), so "-vX9..." must stay one argument rather than become "-v" plus "X9...", and nothing
    /// that names a path may be expanded from '@file'.
    /// </remarks>
    private static readonly ParserConfiguration ParserConfiguration = new()
    {
        EnablePosixBundling = false,
        ResponseFileTokenReplacer = null,
    };

    public int Run(string[] args)
    {
        var parse = _root.Parse(args, ParserConfiguration);
        var (json, verbose) = _globals.Peek(parse);
        try
        {
            if (parse.Action is ParseErrorAction) throw new UsageException(UsageErrors.Describe(parse));
            return parse.Invoke(new InvocationConfiguration
            {
                Output = _host.Stdout,
                Error = _host.Stderr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null, // TerminationSignals handles SIGINT/SIGTERM
            });
        }
        catch (Exception exception)
        {
            var renderer = _json ?? (json ? new JsonReportRenderer(_host.Stdout) : null);
            return (int)new ErrorReporter(_host.Stderr).Report(exception, verbose, renderer);
        }
        finally
        {
            _host.Stdout.Flush();
            _host.Stderr.Flush();
        }
    }

    int ICommandRunner.Run(ParseResult parse, Func<CommandSession, CommandResult> body)
    {
        var settings = _globals.Read(parse);
        var log = new StderrOperatorLog(_host.Stderr, settings.Verbosity);
        var progress = TerminalProgress.IsWanted(_host.StderrIsTerminal, settings, _host.Environment)
            ? TerminalProgress.Create(_host.Stderr, _host.Environment, settings.Color)
            : null;
        log.Progress = progress;
        using var session = new CommandSession(_host, settings, CreateRenderer(settings), log, progress);
        var result = body(session);
        session.Output.Render(result);
        return (int)ExitCodes.Finished(result.Exit, _host.Cancellation);
    }

    private IReportRenderer CreateRenderer(GlobalSettings settings)
    {
        if (settings.Json) return _json = new JsonReportRenderer(_host.Stdout);
        var console = HumanConsole.Create(_host.Stdout, _host.StdoutIsTerminal, _host.Environment, settings.Color);
        var log = _host.StdoutIsTerminal ? null : new HumanReportRenderer.LogForm(_host.Stdout, settings.Verbosity == Verbosity.Quiet);
        return new HumanReportRenderer(console, new HumanFormat(_host.Clock.GetUtcNow()), log);
    }
}
