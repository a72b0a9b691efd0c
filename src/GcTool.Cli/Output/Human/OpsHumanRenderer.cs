using GcTool.Cli.Settings;
using GcTool.Cli.Settings.Config;
using GcTool.Core.Collection;
using GcTool.Core.Environments;
using Spectre.Console;
using static GcTool.Cli.Output.Human.HumanFormat;
using static GcTool.Cli.Output.TerminalText;

namespace GcTool.Cli.Output.Human;

/// <summary><c>gc --print-dead/--print-live</c>, <c>explain</c> and <c>config show</c> for people.</summary>
internal static class OpsHumanRenderer
{
    /// <summary>
    /// One absolute path per line and nothing else (as <c>nix-store --gc --print-dead</c>), never wrapped: for
    /// <c>xargs du -sh</c>. Escaped like all human output: a newline in a path would otherwise make two lines.
    /// </summary>
    public static void Render(IAnsiConsole console, GcListing listing)
    {
        var writer = console.Profile.Out.Writer;
        foreach (var item in listing.Items) writer.Write(TerminalText.Escape(item.Path) + "\n");
        foreach (var item in listing.Reclaim ?? []) writer.Write(TerminalText.Escape(item.Path) + "\n");
        writer.Flush();
    }

    /// <summary><c>explain PATH</c>: which directory of a reclaim category holds the path, and the verdict on it.</summary>
    public static void Render(IAnsiConsole console, Core.Reclaim.PathExplanation explanation)
    {
        var writer = console.Profile.Out.Writer;
        if (explanation.Item is { } item)
            writer.Write(TerminalText.Line($"{explanation.RelativePath} is in {item.RelativePath} ({ReclaimText.Title(item.Category)}, {HumanFormat.Size(item.Bytes)}).\n"));
        else
            writer.Write(TerminalText.Line($"{explanation.RelativePath} is in no stale bucket, staging leftover or stale sdist revision.\n"));
        if (explanation is { Item: { } planned, Kept: null })
            writer.Write(TerminalText.Line($"gc would reclaim it: {ReclaimText.Rule(planned)}.\n"));
        else if (explanation is { Item: { } kept, Kept: { } reason })
            writer.Write(TerminalText.Line($"gc keeps it: {ReclaimText.Kept(new Core.Reclaim.KeptReclaimItem(kept, reason), explanation.MinAge)}.\n"));
        else
            writer.Write("gc does not reclaim it as a directory (an archive entry is explained by its id: gctool explain ID).\n");
        writer.Flush();
    }

    /// <summary>Lines, not a table, and never wrapped: they are mostly paths, which must survive copy and paste.</summary>
    public static void Render(IAnsiConsole console, EntryExplanation e, HumanFormat format)
    {
        var writer = console.Profile.Out.Writer;
        if (e.Entry is { } entry)
        {
            var what = entry.DistName is null ? "" : Line($"{entry.DistName} {entry.DistVersion}").TrimEnd() + ", ";
            writer.Write(Line($"Entry {entry.Key} ({what}{Size(entry.Bytes)}, created {format.Ago(entry.DirTime)}, last referenced {format.Ago(entry.LastReferencedAt)}).\n"));
        }
        else
        {
            writer.Write(Line($"Entry {e.Id.Value}.\n"));
        }
        var verdict = e.Verdict switch
        {
            ExplainVerdict.Keep => "Keep",
            ExplainVerdict.Delete => "Delete",
            _ => "Not found",
        };
        writer.Write(Line($"{verdict}: {PlanText.Explanation(e)}.\n"));
        if (e.Users.Count > 0)
        {
            writer.Write(Line($"Linked from {Plural(e.Users.Count, "environment", "environments")}:\n"));
            foreach (var u in e.Users)
                writer.Write(Line($"  {u.Environment.Value} ({u.Mode.ToName()}, {Plural(u.FileCount, "file", "files")}, e.g. {Sample(u)})\n"));
        }
        foreach (var venv in e.KeptVia) writer.Write(Line($"Kept for the cached venv {venv}, which gc keeps.\n"));
        foreach (var link in e.PinnedBy) writer.Write(Line($"Named by uv's link {link}.\n"));
        writer.Write(Line($"Policies: {Policies(e)}.\n"));
        writer.Flush();
    }

    private static string Sample(Core.Store.EntryUser u) =>
        u.SampleFile.StartsWith(u.Environment.Value + "/", StringComparison.Ordinal) ? u.SampleFile[(u.Environment.Value.Length + 1)..] : u.SampleFile;

    private static string Policies(EntryExplanation e)
    {
        var p = e.Policies;
        return string.Join(", ",
            Line($"--min-age {DurationParser.Format(e.MinAge)}"),
            Line($"--keep-unused-for {(p.KeepUnusedFor is { } k ? DurationParser.Format(k) : "off")}"),
            Line($"--max-size {(p.MaxSizeBytes is { } m ? Size(m) : "off")}"),
            Line($"--environments {(p.Environments is { } d ? DurationParser.Format(d) : "off")}"));
    }

    /// <summary>Aligned lines, never wrapped (values and sources are paths): key, value, and where it came from.</summary>
    public static void Render(IAnsiConsole console, EffectiveConfig config, HumanFormat format)
    {
        var writer = console.Profile.Out.Writer;
        writer.Write("Config files, lowest precedence first (then environment variables, then flags):\n");
        foreach (var file in config.Files)
            writer.Write(Line($"  {file.Path} ({(file.Loaded ? "loaded" : "not found")})\n"));
        var rows = config.Entries.Select(e => (Key: e.Key.Name, Value: Value(e), e.Source)).ToList();
        var keyWidth = rows.Max(r => r.Key.Length);
        var valueWidth = rows.Max(r => r.Value.Length);
        writer.Write(Line($"{"Key".PadRight(keyWidth)}  {"Value".PadRight(valueWidth)}  Source\n"));
        foreach (var (key, value, source) in rows)
            writer.Write(Line($"{key.PadRight(keyWidth)}  {value.PadRight(valueWidth)}  {source}\n"));
        writer.Flush();
    }

    private static string Value(ConfigEntry e) => e.Value switch
    {
        TimeSpan d => DurationParser.Format(d),
        IReadOnlyList<string> { Count: 0 } => "-",
        IReadOnlyList<string> list => string.Join(", ", list),
        long bytes => Line($"{Size(bytes)} ({Count(bytes)} B)"),
        bool flag => flag ? "true" : "false",
        string s => s,
        _ => e.Key == ConfigKeys.Database ? "- (one file per cache in the state directory)" : e.Key == ConfigKeys.CacheDir ? "- (uv's default)" : "-",
    };
}
