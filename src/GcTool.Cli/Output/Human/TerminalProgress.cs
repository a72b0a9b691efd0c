using System.Globalization;
using GcTool.Core.Progress;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace GcTool.Cli.Output.Human;

/// <summary>
/// Progress bars on stderr for scan and gc: one line per stage with a bar, "done/total", a rate,
/// and for deletion the bytes freed so far. Drawn only when stderr is a terminal, never with
/// <c>--json</c> or <c>--quiet</c> (see <see cref="IsWanted"/>); everywhere else the core reports
/// into <see cref="NullProgress"/> and logs stay plain lines.
/// </summary>
/// <remarks>
/// The bars stay on screen when the work ends (as docker's do), so a person sees what ran and how
/// fast; the report itself still goes to stdout. While bars are drawn, operator log lines must go
/// through the same console (<see cref="WriteLine"/>) so Spectre can print them above the bars
/// instead of tearing them.
/// </remarks>
internal sealed class TerminalProgress : IProgress<WorkProgress>
{
    private readonly IAnsiConsole _console;
    private readonly Dictionary<WorkStage, ProgressTask> _tasks = [];
    private readonly Lock _gate = new();
    private ProgressContext? _context;

    private TerminalProgress(IAnsiConsole console) => _console = console;

    public static bool IsWanted(bool stderrIsTerminal, GlobalSettings settings, Settings.EnvironmentVariables env) =>
        stderrIsTerminal && !settings.Json && !settings.NoProgress && settings.Verbosity != Verbosity.Quiet && env.Get("TERM") is not (null or "dumb");

    public static TerminalProgress Create(TextWriter stderr, Settings.EnvironmentVariables env, ColorMode color = ColorMode.Auto)
    {
        var colour = color.Wants(isTerminal: true, env);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stderr),
            Ansi = AnsiSupport.Yes,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
            EnvironmentVariables = env.ToDictionary(),
        });
        return new TerminalProgress(console);
    }

    /// <summary>Runs <paramref name="work"/> with the bars live; they stop when it returns or throws.</summary>
    public T Run<T>(Func<T> work)
    {
        var result = default(T)!;
        _console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .ExcludeVerticalPadding()
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn { Width = 20 },
                new CountColumn(),
                new RateColumn())
            .Start(context =>
            {
                lock (_gate) _context = context;
                try
                {
                    result = work();
                }
                finally
                {
                    lock (_gate)
                    {
                        foreach (var task in _tasks.Values) task.StopTask();
                        _context = null;
                    }
                }
            });
        return result;
    }

    public void Report(WorkProgress value)
    {
        lock (_gate)
        {
            // A stage with nothing to do (an incremental rescan that finds no new entries) draws no bar.
            if (_context is null || value.Total == 0) return;
            if (!_tasks.TryGetValue(value.Stage, out var task))
                _tasks[value.Stage] = task = _context.AddTask(Label(value.Stage), autoStart: true, maxValue: Math.Max(1, value.Total));
            // gc scans twice (before and under the lock): a stage that starts again starts its bar again.
            if (value.Done == 0 && task.Value > 0) task.Value = 0;
            task.MaxValue = Math.Max(1, value.Total);
            // Stages read on several threads report as they finish, so a count can arrive after a larger
            // one: a bar never goes back (the last item's "3/3" is not overwritten by a late "2/3").
            task.Value = Math.Max(task.Value, value.Done);
            task.State.Update<long>("total", _ => value.Total);
            if (value.Stage == WorkStage.Deleting) task.Description = $"{Label(value.Stage)} {HumanFormat.Size(value.Bytes)}";
            if (value.Done >= value.Total) task.Value = task.MaxValue;
        }
    }

    /// <summary>A log line printed above the bars.</summary>
    public void WriteLine(string line) => _console.WriteLine(line, Style.Plain);

    private static string Label(WorkStage stage) => stage switch
    {
        WorkStage.ReadingEntries => "Reading entries",
        WorkStage.ReadingEnvironments => "Reading environments",
        WorkStage.Deleting => "Deleting",
        _ => stage.ToString(),
    };

    /// <summary>"1,204/5,000".</summary>
    private sealed class CountColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            var total = task.State.Get<long>("total");
            var done = Math.Min((long)task.Value, total);
            return new Text($"{HumanFormat.Count(done)}/{HumanFormat.Count(total)}");
        }
    }

    /// <summary>Items per second while running ("340/s"); blank until Spectre has a rate.</summary>
    private sealed class RateColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            var speed = task.Speed ?? (task.ElapsedTime is { TotalSeconds: > 0 } e ? task.Value / e.TotalSeconds : null);
            return new Text(speed is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s:0}/s") : "", Style.Plain);
        }
    }
}
