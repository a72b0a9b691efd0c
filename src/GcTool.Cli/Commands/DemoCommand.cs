using GcTool.Cli.Output;
using System.CommandLine;
using System.Diagnostics;
using GcTool.Cli.Demo;
using GcTool.Cli.Settings;
using GcTool.Core.Demo;
using GcTool.Core.Errors;
using static GcTool.Cli.Output.Human.HumanFormat;
using static GcTool.Cli.Output.TerminalText;

namespace GcTool.Cli.Commands;

/// <summary>
/// <c>gctool demo [DIR]</c>: builds a small real uv cache and venvs (<see cref="DemoWorld"/>) and runs
/// scan → gc --dry-run → gc → doctor → report on it through gctool's own commands, then shows what a
/// plain <c>uv cache prune</c> would have deleted next to what gctool kept.
/// </summary>
/// <remarks>
/// Everything, the database included, lives in DIR: each step runs with <c>--cache-dir</c> and
/// <c>--db</c> inside it, and with config files and GCTOOL_* variables ignored
/// (<see cref="CliHost.DefaultsOnly"/>), so the operator's roots and policies never reach the demo and
/// the demo never writes to the operator's state.
/// </remarks>
internal static class DemoCommand
{
    private static readonly string Description = Describe.Command(
        "Build a small, real uv cache with symlink, hardlink and copy venvs, a uv tool env and one venv a plain `uv cache prune` already broke, in DIR (default: a new temporary directory), then run scan, gc --dry-run, gc, doctor and report on it and show what uv's prune would have broken next to what gctool keeps. Creates nothing outside DIR.",
        "gctool demo",
        "gctool demo /tmp/gctool-demo && xdg-open /tmp/gctool-demo/report.html");

    public static Command Create(ICommandRunner runner)
    {
        var dir = new Argument<string?>("DIR") { Description = "An empty or missing directory for the demo [default: a new directory under $TMPDIR]", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("demo", Description) { dir };
        command.SetAction(parse => runner.Run(parse, session => Run(session, parse.GetValue(dir))));
        return command;
    }

    private static DemoResult Run(CommandSession session, string? given)
    {
        if (session.Settings.Json)
            throw new UsageException("gctool demo narrates its steps as text; run it without --json (each step's own command takes --json)");
        var output = session.Host.Stdout;
        var directory = Prepare(given);
        var python = new PythonVenvs(session.Host.Environment);

        // 1. Build the world.
        var clock = Stopwatch.StartNew();
        var world = DemoWorld.Build(directory, python.Create);
        output.WriteLine(Line($"gctool demo: a uv cache and {world.Environments.Count} environments in {directory} (built in {Duration(clock.Elapsed)})."));
        output.WriteLine(world.RealInterpreter
            ? "The venvs are real (python3 -m venv); their imports are checked at the end."
            : "No working python3 -m venv here: the venvs are venv-shaped directories (pyvenv.cfg, lib/python3.12/site-packages) without an interpreter, and imports are not checked.");
        DemoSummary.Environments(output, world);

        // 2. What uv would do, before gctool does anything.
        var pruneWouldDelete = PlainPrune.ArchivesItWouldDelete(world.Cache);

        // 3. gctool's own commands, as a user would type them.
        string[] steps = ["scan", "gc-dry-run", "gc", "doctor", "report"];
        foreach (var step in steps)
        {
            string[] args = step switch
            {
                "scan" => ["scan", world.Projects, world.Tools],
                "gc-dry-run" => ["gc", "--dry-run", "--min-age", "0s"],
                "gc" => ["gc", "--min-age", "0s"],
                "doctor" => ["doctor"],
                _ => ["report", "--html", world.Report],
            };
            output.WriteLine();
            output.WriteLine(Line($"$ gctool --cache-dir {world.Cache} --db {world.Database} {string.Join(' ', args)}"));
            output.Flush();
            var exit = RunStep(session, world, args);
            var expected = step == "doctor" ? (int)ExitCode.BrokenEnvironments : 0;
            if (exit != expected)
                throw new GcToolException(ExitCode.Failure, $"the demo's `gctool {string.Join(' ', args)}` exited {exit}, expected {expected}; its files are in {directory}");
        }

        // 4. The comparison, and proof that nothing gctool kept is broken.
        output.WriteLine();
        DemoSummary.Compare(output, world, pruneWouldDelete);
        var broke = world.RealInterpreter ? DemoSummary.Imports(output, world, python) : 0;
        output.WriteLine();
        output.Flush();
        if (broke > 0)
            throw new GcToolException(ExitCode.Failure, $"{Plural(broke, "environment", "environments")} that worked before gc no longer import; this is a gctool bug, please report it with {directory}");
        return new DemoResult(directory, world.Report);
    }

    /// <summary>DIR as given (created if missing; it must be empty), else a new temporary directory.</summary>
    private static string Prepare(string? given)
    {
        if (given is null) return Directory.CreateTempSubdirectory("gctool-demo-").FullName;
        var directory = Path.GetFullPath(given);
        if (File.Exists(directory) || (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any()))
            throw new UsageException($"{directory} is not an empty directory; give a new or empty DIR, or none for a temporary one");
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>One gctool command in this process, on the demo's cache and database, reading no config.</summary>
    private static int RunStep(CommandSession session, DemoWorld world, string[] args)
    {
        var outer = session.Host.Environment;
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = world.Directory,
            ["PATH"] = outer.Get("PATH"),
            ["TERM"] = outer.Get("TERM"),
            ["NO_COLOR"] = outer.Get(EnvironmentVariables.NoColor),
        };
        var host = session.Host with { Environment = new EnvironmentVariables(environment), DefaultsOnly = true };
        string[] all = ["--cache-dir", world.Cache, "--db", world.Database, .. args];
        return new CliApplication(host).Run(all);
    }
}
