using System.CommandLine;
using System.CommandLine.Parsing;
using GcTool.Cli.Commands;
using GcTool.Cli.Settings;

namespace GcTool.Cli.ErrorHandling;

/// <summary>System.CommandLine's parse errors as one line: the errors, then where the help is.</summary>
internal static class UsageErrors
{
    public static string Describe(ParseResult parse)
    {
        var messages = parse.Errors.Select(Message).Distinct().ToList();
        var text = messages.Count == 0 ? "invalid command line" : string.Join("; ", messages);
        return $"{text} (see `{CommandPath(parse.CommandResult)} --help`)";
    }

    private static string Message(ParseError error)
    {
        var message = error.Message.TrimEnd('.');
        if (error.SymbolResult is OptionResult { Option: var option } && DurationOption.Is(option) && !message.Contains(DurationParser.AcceptedForms))
            message += $"; use {DurationParser.AcceptedForms}";
        return message;
    }

    private static string CommandPath(CommandResult command)
    {
        var names = new Stack<string>();
        for (var c = command; c is not null; c = c.Parent as CommandResult)
            names.Push(c.Parent is null ? "gctool" : c.Command.Name);
        return string.Join(' ', names);
    }
}
