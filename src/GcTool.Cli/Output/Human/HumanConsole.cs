using GcTool.Cli.Settings;
using Spectre.Console;

namespace GcTool.Cli.Output.Human;

/// <summary>The Spectre.Console console over stdout, configured from the injected world rather than the process.</summary>
internal static class HumanConsole
{
    /// <summary>Width used when stdout is not a terminal (logs, pipes, tests): tables are laid out to fit it.</summary>
    public const int PipeWidth = 80;

    /// <summary>
    /// Colour as <c>--color</c> says: by default only on a terminal and only when <c>NO_COLOR</c> is
    /// unset (https://no-color.org); Unicode borders only on a terminal; width 80 unless a terminal
    /// says otherwise.
    /// </summary>
    public static IAnsiConsole Create(TextWriter stdout, bool isTerminal, EnvironmentVariables env, ColorMode color = ColorMode.Auto)
    {
        var colour = color.Wants(isTerminal, env);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            // --color always means it even into a pipe, where detection would find no terminal.
            Ansi = !colour ? AnsiSupport.No : color == ColorMode.Always ? AnsiSupport.Yes : AnsiSupport.Detect,
            ColorSystem = !colour ? ColorSystemSupport.NoColors : color == ColorMode.Always ? ColorSystemSupport.Standard : ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
            EnvironmentVariables = env.ToDictionary(),
        });
        console.Profile.Capabilities.Unicode = isTerminal;
        if (!isTerminal) console.Profile.Width = PipeWidth;
        return console;
    }
}
