using System.CommandLine;
using GcTool.Cli.Settings;

namespace GcTool.Cli.Commands;

/// <summary>
/// An option holding a <see cref="DurationParser"/> duration; a bad value is a parse error (exit 2)
/// naming the accepted forms. Null when not given: the command applies its default, which the
/// description states in the form users type ("1d", not "1.00:00:00").
/// </summary>
internal static class DurationOption
{
    public static Option<TimeSpan?> Create(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "DURATION",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
            if (DurationParser.TryParse(text, out var value, out var error)) return value;
            result.AddError(Message(name, text, error));
            return null;
        },
    };

    public static string Message(string optionName, string? text, string reason) =>
        $"invalid duration '{text}' for {optionName}: {reason}; use {DurationParser.AcceptedForms}";

    /// <summary>For parse errors System.CommandLine raises itself on these options (e.g. a missing value): add the accepted forms.</summary>
    public static bool Is(Option option) => option.ValueType == typeof(TimeSpan?) || option.ValueType == typeof(TimeSpan);
}
