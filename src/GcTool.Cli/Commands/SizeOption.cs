using System.CommandLine;
using GcTool.Core.Collection;

namespace GcTool.Cli.Commands;

/// <summary>An option holding a <see cref="ByteSize"/> (<c>20G</c>, <c>500M</c>, <c>1.5T</c>); a bad value is a parse error (exit 2).</summary>
internal static class SizeOption
{
    public static Option<long?> Create(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "SIZE",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
            if (ByteSize.TryParse(text, out var value, out var error)) return value;
            result.AddError($"invalid size '{text}' for {name}: {error}; use {ByteSize.AcceptedForms}");
            return null;
        },
    };
}
