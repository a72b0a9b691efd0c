using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace GcTool.Cli;

/// <summary>How <c>--help</c> looks and which tokens ask for it.</summary>
internal static class CommandLineHelp
{
    public const int Width = 80;

    /// <remarks>
    /// The default help option also answers to <c>/h</c> and <c>/?</c>, which are valid POSIX paths
    /// (<c>gctool roots add /h</c>); ours answers only to <c>--help</c>, <c>-h</c> and <c>-?</c>.
    /// </remarks>
    public static void Configure(RootCommand root)
    {
        foreach (var existing in root.Options.OfType<HelpOption>().ToList()) root.Options.Remove(existing);
        var help = new HelpOption("--help", "-h", "-?");
        if (help.Action is HelpAction action)
        {
            action.MaxWidth = Width;
            help.Action = new BriefSubcommandsHelpAction(action);
        }
        root.Options.Insert(0, help);
    }

    /// <summary>
    /// In a list of commands each shows its first sentence only; the whole description and its
    /// examples are in the command's own <c>--help</c>. Otherwise <c>gctool --help</c> runs to
    /// a hundred lines.
    /// </summary>
    /// <remarks>
    /// System.CommandLine 3.0 keeps its HelpBuilder (and so per-symbol customisation) internal;
    /// the help text is built from <see cref="Symbol.Description"/>, so the subcommands' are
    /// shortened for the one call and put back after. gctool parses one command line per process.
    /// </remarks>
    private sealed class BriefSubcommandsHelpAction(HelpAction inner) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var subcommands = parseResult.CommandResult.Command.Subcommands;
            var full = subcommands.Select(c => c.Description).ToList();
            foreach (var command in subcommands) command.Description = Describe.Brief(command.Description);
            try
            {
                return inner.Invoke(parseResult);
            }
            finally
            {
                for (var i = 0; i < subcommands.Count; i++) subcommands[i].Description = full[i];
            }
        }
    }
}

/// <summary>A command description: one paragraph (the help wraps it to 80 columns), then real examples.</summary>
internal static class Describe
{
    /// <summary>The first sentence of a description (up to ". " or the end of the first paragraph).</summary>
    public static string Brief(string? description)
    {
        var paragraph = (description ?? "").Split("\n\n")[0];
        var end = paragraph.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? paragraph : paragraph[..(end + 1)];
    }

    public static string Command(string summary, params string[] examples) =>
        $"{summary}\n\n{(examples.Length == 1 ? "Example" : "Examples")}:\n{string.Join('\n', examples.Select(e => "  " + e))}";
}
