using GcTool.Core.Collection;
using GcTool.Core.Errors;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace GcTool.Cli.Settings.Config;

/// <summary>A value read from one config file, already checked, with the line it came from.</summary>
internal sealed record ConfigFileValue(ConfigKey Key, object Value, string File, int Line)
{
    public string Source => $"{File}:{Line}";
}

/// <summary>
/// Reads one config.toml through Tomlyn's syntax tree, so every error names the file and line:
/// TOML syntax errors, unknown keys (a misspelt policy must not be silently ignored), values of the
/// wrong type, bad durations and sizes, relative paths where absolute ones are needed.
/// </summary>
/// <remarks>
/// Keys may be written in a <c>[gc]</c> table or dotted (<c>gc.max-size = "20G"</c>). A relative
/// <c>cache-dir</c> or <c>db</c> is resolved against the config file's directory, because a nightly
/// job's working directory is nobody's business.
/// </remarks>
internal static class ConfigFileReader
{
    public static IReadOnlyList<ConfigFileValue> Parse(string text, string file)
    {
        var document = SyntaxParser.Parse(text, file, validate: true);
        var error = document.Diagnostics.FirstOrDefault(d => d.Kind == DiagnosticMessageKind.Error);
        if (error is not null)
            throw new UsageException($"bad config file {file}, line {error.Span.Start.Line + 1}, column {error.Span.Start.Column + 1}: not valid TOML: {error.Message}");

        var values = new List<ConfigFileValue>();
        foreach (var keyValue in document.KeyValues)
            values.Add(Read(keyValue, "", file));
        foreach (var table in document.Tables)
        {
            var line = table.Span.Start.Line + 1;
            if (table is not TableSyntax || table.Name is null)
                throw Bad(file, line, $"unexpected table array [[{table.Name}]]; gctool's config has one table, [gc]");
            var prefix = KeyName(table.Name);
            if (prefix != "gc")
                throw Bad(file, line, $"unknown table [{prefix}]; gctool's config has one table, [gc]");
            foreach (var keyValue in table.Items)
                values.Add(Read(keyValue, prefix + ".", file));
        }
        return values;
    }

    private static ConfigFileValue Read(KeyValueSyntax keyValue, string prefix, string file)
    {
        var line = keyValue.Span.Start.Line + 1;
        var name = prefix + KeyName(keyValue.Key!);
        var key = ConfigKeys.Find(name)
            ?? throw Bad(file, line, $"unknown key '{name}'; known keys: {string.Join(", ", ConfigKeys.All.Select(k => k.Name))}");
        var value = keyValue.Value;
        object parsed = key.Kind switch
        {
            ConfigValueKind.Path => ResolvePath(String(value, key, file, line), file),
            ConfigValueKind.AbsolutePathList => PathList(value, key, file, line),
            ConfigValueKind.Duration => ParseDuration(String(value, key, file, line), key, file, line),
            ConfigValueKind.Size => value is IntegerValueSyntax integer
                ? integer.Value >= 0 ? integer.Value : throw Bad(file, line, $"{key.Name} must not be negative")
                : ParseSize(String(value, key, file, line), key, file, line),
            ConfigValueKind.Boolean => value is BooleanValueSyntax boolean
                ? boolean.Value
                : throw Bad(file, line, $"{key.Name} must be true or false"),
            _ => throw new ArgumentOutOfRangeException(nameof(keyValue)),
        };
        return new ConfigFileValue(key, parsed, file, line);
    }

    public static TimeSpan ParseDuration(string text, ConfigKey key, string file, int line) =>
        DurationParser.TryParse(text, out var value, out var error)
            ? value
            : throw Bad(file, line, $"{key.Name}: invalid duration '{text}': {error}; use {DurationParser.AcceptedForms}");

    public static long ParseSize(string text, ConfigKey key, string file, int line) =>
        ByteSize.TryParse(text, out var value, out var error)
            ? value
            : throw Bad(file, line, $"{key.Name}: invalid size '{text}': {error}; use {ByteSize.AcceptedForms}");

    private static string String(ValueSyntax? value, ConfigKey key, string file, int line) =>
        value is StringValueSyntax { Value: { } text }
            ? text
            : throw Bad(file, line, $"{key.Name} must be a string{(key.Kind == ConfigValueKind.Size ? " such as \"20G\" or a number of bytes" : key.Kind == ConfigValueKind.Duration ? " such as \"7d\"" : "")}");

    private static IReadOnlyList<string> PathList(ValueSyntax? value, ConfigKey key, string file, int line)
    {
        if (value is not ArraySyntax array) throw Bad(file, line, $"{key.Name} must be an array of absolute paths, e.g. [\"/srv/ci\"]");
        var paths = new List<string>();
        foreach (var item in array.Items)
        {
            var text = String(item.Value, key, file, item.Span.Start.Line + 1);
            if (!Path.IsPathFullyQualified(text)) throw Bad(file, item.Span.Start.Line + 1, $"{key.Name} holds '{text}', which is not an absolute path");
            paths.Add(text);
        }
        return paths;
    }

    private static string ResolvePath(string text, string file)
    {
        if (text.Length == 0 || Path.IsPathFullyQualified(text)) return text;
        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file) ?? "/", text));
    }

    private static string KeyName(KeySyntax key)
    {
        var parts = new List<string> { Part(key.Key) };
        foreach (var dotted in key.DotKeys) parts.Add(Part(dotted.Key));
        return string.Join('.', parts);
    }

    private static string Part(BareKeyOrStringValueSyntax? part) => part switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax quoted => quoted.Value ?? "",
        _ => "",
    };

    public static UsageException Bad(string file, int line, string message) =>
        new($"bad config file {file}, line {line}: {message}");
}
