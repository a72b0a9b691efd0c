using System.CommandLine.Parsing;

namespace GcTool.Cli.Output;

/// <summary><c>--color auto|always|never</c>, spelled as git, ls and cargo spell it.</summary>
internal enum ColorMode
{
    /// <summary>Colour on a terminal unless <c>NO_COLOR</c> is set.</summary>
    Auto,
    /// <summary>Colour even into a pipe (for <c>less -R</c>); <c>NO_COLOR</c> does not override an explicit flag.</summary>
    Always,
    Never,
}

internal static class ColorModes
{
    public const string AcceptedForms = "auto, always or never";

    /// <remarks>A hand-written parser rather than Enum.Parse: no reflection under Native AOT, and an error that lists the forms.</remarks>
    public static ColorMode Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        switch (text)
        {
            case "auto": return ColorMode.Auto;
            case "always": return ColorMode.Always;
            case "never": return ColorMode.Never;
            default:
                result.AddError($"--color '{text}' is not understood; pass {AcceptedForms}");
                return ColorMode.Auto;
        }
    }

    /// <summary>Whether to colour a stream: the flag wins, then NO_COLOR, then whether it is a terminal.</summary>
    public static bool Wants(this ColorMode mode, bool isTerminal, Settings.EnvironmentVariables env) => mode switch
    {
        ColorMode.Always => true,
        ColorMode.Never => false,
        _ => isTerminal && !env.IsSet(Settings.EnvironmentVariables.NoColor),
    };
}
