using System.Globalization;
using GcTool.Core.Cache;
using Spectre.Console;

namespace GcTool.Cli.Output.Human;

/// <summary>
/// How humans read gctool's numbers: sizes in binary units (KiB, MiB, GiB), times relative to a
/// "now" given by the caller (so snapshots are stable), durations short. Also builds the tables.
/// </summary>
internal sealed class HumanFormat(DateTimeOffset now)
{
    private static readonly string[] SizeUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    public DateTimeOffset Now { get; } = now;

    public static string Size(long bytes)
    {
        if (bytes < 1024) return string.Create(CultureInfo.InvariantCulture, $"{bytes} B");
        double value = bytes;
        var unit = 0;
        while (Math.Round(value, 1) >= 1024 && unit < SizeUnits.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {SizeUnits[unit]}");
    }

    public static string Size(long? bytes) => bytes is { } b ? Size(b) : "-";

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"3 entries", "1 entry".</summary>
    public static string Plural(long count, string singular, string plural) =>
        $"{Count(count)} {(count == 1 ? singular : plural)}";

    /// <summary>"just now", "45s ago", "12m ago", "3h ago", "5d ago", "never"; "in 2h" for clock skew.</summary>
    public string Ago(long? unixSeconds)
    {
        if (unixSeconds is not { } at) return "never";
        var delta = Now.ToUnixTimeSeconds() - at;
        if (delta < 0) return $"in {Span(-delta)}";
        return delta < 1 ? "just now" : $"{Span(delta)} ago";
    }

    /// <summary>"120 ms", "4.2 s", "3m 05s", "2h 10m".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span.TotalMilliseconds < 1000) return string.Create(CultureInfo.InvariantCulture, $"{(long)Math.Round(span.TotalMilliseconds)} ms");
        if (span.TotalSeconds < 60) return string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.0} s");
        if (span.TotalHours < 1) return string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m {span.Seconds:00}s");
        return string.Create(CultureInfo.InvariantCulture, $"{(long)span.TotalHours}h {span.Minutes:00}m");
    }

    /// <summary>The entry as the tables show it: the id alone for archive-v0 (the only bucket uv has used), else the whole key.</summary>
    public static string Entry(EntryKey key) => key.ArchiveVersion == 0 ? key.Id.Value : key.RelativePath;

    public static string OrDash(string? text) => string.IsNullOrEmpty(text) ? "-" : text;

    /// <summary>
    /// A table with gctool's look, the same on a terminal and in a log: columns separated by two
    /// spaces under a header row, no rules (as <c>docker ps</c> or <c>kubectl get</c>). Borders
    /// would cost a quarter of 80 columns and make the output harder to grep and cut.
    /// </summary>
    public Table Table(params TableColumn[] columns)
    {
        var table = new Table { Border = TableBorder.None };
        foreach (var column in columns)
        {
            column.Padding = new Padding(0, 0, 2, 0);
            table.AddColumn(column);
        }
        return table;
    }

    public static TableColumn Column(string header) => new(Header(header));

    public static TableColumn NumberColumn(string header) => new TableColumn(Header(header)).RightAligned();

    /// <summary>Bold on a colour terminal; plain text otherwise (the console drops styles without ANSI).</summary>
    private static Text Header(string header) => new(header, new Style(decoration: Decoration.Bold));

    /// <summary>A cell: plain text, never parsed as Spectre markup (paths may hold '[').</summary>
    /// Control characters in it are escaped (<see cref="TerminalText"/>): cells hold paths users named.
    public static Text Cell(string text, Style? style = null) => new(TerminalText.Escape(text), style ?? Style.Plain);

    private static string Span(long seconds) => seconds switch
    {
        < 60 => $"{seconds}s",
        < 3_600 => $"{seconds / 60}m",
        < 86_400 => $"{seconds / 3_600}h",
        _ => $"{seconds / 86_400}d",
    };
}
