using GcTool.Cli.Settings;
using GcTool.Cli.Settings.Config;
using GcTool.Core.Collection;
using GcTool.Core.Environments;
using Spectre.Console;
using static GcTool.Cli.Output.Human.HumanFormat;

namespace GcTool.Cli.Output.Human;

/// <summary><c>gc --print-dead/--print-live</c>, <c>explain</c> and <c>config show</c> for people.</summary>
internal static class OpsHumanRenderer
{
    /// <summary>One absolute path per line and nothing else (as <c>nix-store --gc --print-dead</c>), never wrapped: for <c>xargs du -sh</c>.</summary>
    public static void Render(IAnsiConsole console, GcListing listing)
    {
        var writer = console.Profile.Out.Writer;
        foreach (var item in listing.Items) writer.Write(item.Path + "\n");
        writer.Flush();
    }

    public static void Render(IAnsiConsole console, EntryExplanation e, HumanFormat format)
    {
        if (e.Entry is { } entry)
        {
            var what = entry.DistName is null ? "" : $"{entry.DistName} {entry.DistVersion}".TrimEnd() + ", ";
            console.Write(new Text($"Entry {entry.Key} ({what}{Size(entry.Bytes)}, created {format.Ago(entry.DirTime)}, last referenced {format.Ago(entry.LastReferencedAt)}).\n"));
        }
        else
        {
            console.Write(new Text($"Entry {e.Id.Value}.\n"));
        }
        var verdict = e.Verdict switch
        {
            ExplainVerdict.Keep => "Keep",
            ExplainVerdict.Delete => "Delete",
            _ => "Not found",
        };
        console.Write(new Text($"{verdict}: {e.Explanation}.\n", new Style(decoration: Decoration.Bold)));

        var users = e.Users;
        if (users.Count > 0)
        {
            console.WriteLine($"Linked from {Plural(users.Count, "environment", "environments")}:");
            var table = format.Table(Column("Environment"), Column("Link"), NumberColumn("Files"), Column("For example"));
            foreach (var u in users)
                table.AddRow(Cell(u.Environment.Value), Cell(u.Mode.ToName()), Cell(Count(u.FileCount)), Cell(u.SampleFile));
            console.Write(table);
        }
        foreach (var venv in e.KeptVia) console.Write(new Text($"Kept for the cached venv {venv}, which gc keeps.\n"));
        foreach (var link in e.PinnedBy) console.Write(new Text($"Named by uv's link {link}.\n"));
        console.Write(new Text($"Policies: {Policies(e)}.\n"));
    }

    private static string Policies(EntryExplanation e)
    {
        var p = e.Policies;
        return string.Join(", ",
            $"--min-age {DurationParser.Format(e.MinAge)}",
            $"--keep-unused-for {(p.KeepUnusedFor is { } k ? DurationParser.Format(k) : "off")}",
            $"--max-size {(p.MaxSizeBytes is { } m ? Size(m) : "off")}",
            $"--environments {(p.Environments is { } d ? DurationParser.Format(d) : "off")}");
    }

    public static void Render(IAnsiConsole console, EffectiveConfig config, HumanFormat format)
    {
        console.WriteLine("Config files, lowest precedence first (then environment variables, then flags):");
        foreach (var file in config.Files)
            console.Write(new Text($"  {file.Path} ({(file.Loaded ? "loaded" : "not found")})\n"));
        var table = format.Table(Column("Key"), Column("Value"), Column("Source"));
        foreach (var entry in config.Entries)
            table.AddRow(Cell(entry.Key.Name), Cell(Value(entry)), Cell(entry.Source));
        console.Write(table);
    }

    private static string Value(ConfigEntry e) => e.Value switch
    {
        TimeSpan d => DurationParser.Format(d),
        IReadOnlyList<string> { Count: 0 } => "-",
        IReadOnlyList<string> list => string.Join(", ", list),
        long bytes => $"{Size(bytes)} ({Count(bytes)} B)",
        string s => s,
        _ => e.Key == ConfigKeys.Database ? "- (one file per cache in the state directory)" : e.Key == ConfigKeys.CacheDir ? "- (uv's default)" : "-",
    };
}
