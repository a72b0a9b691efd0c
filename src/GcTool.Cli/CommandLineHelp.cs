using System.CommandLine;
using System.CommandLine.Help;

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
        if (help.Action is HelpAction action) action.MaxWidth = Width;
        root.Options.Insert(0, help);
    }
}

/// <summary>A command description: one paragraph (the help wraps it to 80 columns), then real examples.</summary>
internal static class Describe
{
    public static string Command(string summary, params string[] examples) =>
        $"{summary}\n\n{(examples.Length == 1 ? "Example" : "Examples")}:\n{string.Join('\n', examples.Select(e => "  " + e))}";
}
